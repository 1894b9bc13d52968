// The blueprint in fixtures/dsl/many-errors has a dozen different mistakes, in two files; Cloudify
// would stop at the first one, the engine reports them all with file:line:col.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { formatDslError, validateBlueprint } from '../../src/dsl/index.js';

const fixture = fileURLToPath(new URL('../fixtures/dsl/many-errors/', import.meta.url));

test('every error of the blueprint is reported together, each at its file:line:col with its code', async () => {
  const errors = await validateBlueprint(`${fixture}blueprint.yaml`);
  const lines = errors.map((e) => formatDslError(e, { relativeTo: fixture, hint: false }));
  const expected: [string, RegExp][] = [
    [
      'blueprint.yaml:13:11',
      /Could not locate node type: 'cloudify.nodes.Computer' \[err_code 7\] \(path: node_templates.vm.type\)$/,
    ],
    [
      'blueprint.yaml:17:15',
      /get_input function references an unknown input 'no_such_input' \(path: node_templates.web.properties.port\)$/,
    ],
    [
      'blueprint.yaml:18:7',
      /'web' node 'colour' property is not part of the derived type properties schema \[err_code 106\]/,
    ],
    ['blueprint.yaml:21:16', /operation mapping 'not_a_plugin.tasks.start'.* \[err_code 10\]/],
    [
      'blueprint.yaml:22:5',
      /more than one relationship that is derived from 'cloudify.relationships.contained_in'.* \[err_code 112\]/,
    ],
    [
      'blueprint.yaml:27:15',
      /undefined relationship type 'cloudify.relationships.connects_to' \[err_code 26\]/,
    ],
    ['blueprint.yaml:35:17', /illegally declares the source node as the target node \[err_code 23\]/],
    ['blueprint.yaml:37:17', /declares an undefined target node 'hots_a' \[err_code 25\]/],
    ['blueprint.yaml:46:9', /Circular dependency detected: db --> cache --> db \[err_code 100\]/],
    [
      'blueprint.yaml:50:5',
      /'strict' node does not provide a value for mandatory 'name' property.* \[err_code 107\]/,
    ],
    ['blueprint.yaml:51:14', /Value 'many' of 'count' does not match its type 'integer' \[err_code 105\]/],
    [
      'extra-plugins.yaml:2:3',
      /could not merge 'plugins' due to conflict on 'script' \[err_code 4\] \(path: plugins.script\)$/,
    ],
    ['extra-plugins.yaml:5:3', /Plugin 'helper' has no executor.* \[err_code 18\]/],
  ];
  assert.equal(lines.length, expected.length, lines.join('\n'));
  expected.forEach(([at, message], i) => {
    assert.ok(lines[i]!.startsWith(`${at}: `), `error ${i}: expected at ${at}, got ${lines[i]}`);
    assert.match(lines[i]!, message);
  });
  const hints = errors.map((e) => e.hint);
  assert.equal(hints[0], "did you mean 'cloudify.nodes.Compute'?");
  assert.equal(hints[5], "did you mean 'cloudify.relationships.connected_to'?");
  assert.equal(hints[7], "did you mean 'host_a'?");
});

test('formatDslError: file:line:col: message [err_code N] (path: …) and the fix', () => {
  const error = {
    code: 7,
    message: "Could not locate node type: 'x'",
    location: { file: '/bp/blueprint.yaml', line: 4, column: 11, path: 'node_templates.web.type' },
    hint: 'import the types that define it',
  };
  assert.equal(
    formatDslError(error),
    "/bp/blueprint.yaml:4:11: Could not locate node type: 'x' [err_code 7] (path: node_templates.web.type) Fix: import the types that define it",
  );
  assert.equal(
    formatDslError(error, { relativeTo: '/bp', hint: false }),
    "blueprint.yaml:4:11: Could not locate node type: 'x' [err_code 7] (path: node_templates.web.type)",
  );
  assert.equal(formatDslError({ message: 'Unknown input' }), 'Unknown input');
});
