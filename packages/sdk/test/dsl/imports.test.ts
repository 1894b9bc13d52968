import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUILTIN_TYPES_FILE, ErrorCode, loadBlueprint } from '../../src/dsl/index.js';
import { brief, expectError, loadErrors, writeFiles } from './helpers.js';

const web = `node_templates:\n  web:\n    type: cloudify.nodes.WebServer\n`;

function withTypes(version: string, url: string): Record<string, string> {
  return { 'blueprint.yaml': `tosca_definitions_version: ${version}\nimports:\n  - ${url}\n${web}` };
}

test('Cloudify types URLs resolve offline, following the version table of cloudify-observed.md', async (t) => {
  const cases: [string, string, number | undefined][] = [
    ['cloudify_dsl_1_3', 'http://www.getcloudify.org/spec/cloudify/4.3.3/types.yaml', undefined],
    ['cloudify_dsl_1_3', 'http://cloudify.co/spec/cloudify/6.3.1/types.yaml', undefined],
    ['cloudify_dsl_1_3', 'http://cloudify.co/spec/cloudify/6.4.0/types.yaml', ErrorCode.importVersionTooNew],
    ['cloudify_dsl_1_3', 'http://cloudify.co/spec/cloudify/7.0.0/types.yaml', ErrorCode.importVersionTooNew],
    ['cloudify_dsl_1_4', 'http://cloudify.co/spec/cloudify/6.4.2/types.yaml', undefined],
    ['cloudify_dsl_1_4', 'http://cloudify.co/spec/cloudify/7.0.0/types.yaml', ErrorCode.versionGatedFeature],
    ['cloudify_dsl_1_4', 'https://cloudify.co/spec/cloudify/7.1/types.yaml', ErrorCode.versionGatedFeature],
    ['cloudify_dsl_1_5', 'http://cloudify.co/spec/cloudify/7.1/types.yaml', undefined],
    ['cloudify_dsl_1_5', 'http://cloudify.co/spec/cloudify/5.0.0/types.yaml', undefined],
    ['cloudify_dsl_1_3', 'cloudify/types/types.yaml', undefined],
  ];
  for (const [version, url, code] of cases) {
    const errors = await loadErrors(t, withTypes(version, url));
    assert.deepEqual(
      errors.map((e) => e.code),
      code === undefined ? [] : [code],
      `${version} + ${url}: ${errors.map(brief).join('; ')}`,
    );
    if (code !== undefined)
      assert.deepEqual([errors[0]!.location?.line, errors[0]!.location?.column], [3, 5]);
  }
});

test('validateVersion: false accepts types that use newer features (but not a newer declared version)', async (t) => {
  assert.deepEqual(
    await loadErrors(t, withTypes('cloudify_dsl_1_4', 'http://cloudify.co/spec/cloudify/7.0.0/types.yaml'), {
      validateVersion: false,
    }),
    [],
  );
  const errors = await loadErrors(
    t,
    withTypes('cloudify_dsl_1_3', 'http://cloudify.co/spec/cloudify/6.4.0/types.yaml'),
    { validateVersion: false },
  );
  assert.deepEqual(
    errors.map((e) => e.code),
    [ErrorCode.importVersionTooNew],
  );
});

test('an unknown types version, a remote URL and blueprint: imports are import errors (13) with a fix', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': [
      'tosca_definitions_version: cloudify_dsl_1_4',
      'imports:',
      '  - http://cloudify.co/spec/cloudify/latest/types.yaml',
      '  - https://example.com/other.yaml',
      '  - blueprint:base',
      '  - missing.yaml',
    ].join('\n'),
  });
  assert.deepEqual(
    errors.map((e) => [e.code, e.location?.line]),
    [
      [13, 3],
      [13, 4],
      [13, 5],
      [13, 6],
    ],
  );
  assert.match(errors[1]!.hint!, /download the file next to the blueprint/);
  assert.match(errors[3]!.message, /file not found/);
});

test('relative imports resolve from the importing file, each file once, even in a cycle', async (t) => {
  const dir = writeFiles(t, {
    'blueprint.yaml': `tosca_definitions_version: cloudify_dsl_1_4\nimports:\n  - http://cloudify.co/spec/cloudify/6.4.0/types.yaml\n  - lib/a.yaml\nnode_templates:\n  n:\n    type: b.Type\n`,
    'lib/a.yaml': `imports:\n  - ../shared/b.yaml\n  - ../blueprint.yaml\nnode_types:\n  a.Type:\n    derived_from: cloudify.nodes.Root\n`,
    'shared/b.yaml': `imports:\n  - ../lib/a.yaml\nnode_types:\n  b.Type:\n    derived_from: a.Type\n`,
  });
  const { blueprint, errors } = await loadBlueprint(join(dir, 'blueprint.yaml'));
  assert.deepEqual(errors.map(brief), []);
  assert.deepEqual(blueprint!.nodes[0]!.plan.typeHierarchy, ['cloudify.nodes.Root', 'a.Type', 'b.Type']);
  assert.deepEqual(blueprint!.files, [
    join(dir, 'blueprint.yaml'),
    BUILTIN_TYPES_FILE,
    join(dir, 'lib/a.yaml'),
    join(dir, 'shared/b.yaml'),
  ]);
});

test('an import may not declare a newer DSL version than the main blueprint (28)', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': `tosca_definitions_version: cloudify_dsl_1_3\nimports:\n  - newer.yaml\n`,
    'newer.yaml': `tosca_definitions_version: cloudify_dsl_1_4\n`,
  });
  expectError(errors, ErrorCode.importVersionTooNew, /declares cloudify_dsl_1_4, which is newer/);
});

const pluginYaml = (type: string) =>
  `plugins:\n  demo:\n    executor: central_deployment_agent\n    install: false\nnode_types:\n  ${type}:\n    derived_from: cloudify.nodes.Root\n`;

test('plugin:<name> resolves to plugins/<name>/plugin.yaml under the blueprint folder first', async (t) => {
  const dir = writeFiles(t, {
    'bp/blueprint.yaml': `tosca_definitions_version: cloudify_dsl_1_4\nimports:\n  - cloudify/types/types.yaml\n  - plugin:demo-plugin?version=1.0\nnode_templates:\n  n:\n    type: local.Type\n`,
    'bp/plugins/demo-plugin/plugin.yaml': pluginYaml('local.Type'),
    'node_modules/demo-plugin/plugin.yaml': pluginYaml('package.Type'),
  });
  const { errors } = await loadBlueprint(join(dir, 'bp/blueprint.yaml'));
  assert.deepEqual(errors.map(brief), []);
});

test('plugin:<name> then looks in node_modules upward (a DSL-specific plugin_1_4.yaml first), then asks resolvePlugin', async (t) => {
  const dir = writeFiles(t, {
    'project/test/blueprint.yaml': `tosca_definitions_version: cloudify_dsl_1_4\nimports:\n  - cloudify/types/types.yaml\n  - plugin:@acme/demo\n  - plugin:elsewhere\nnode_templates:\n  n:\n    type: v14.Type\n  m:\n    type: callback.Type\n`,
    'project/node_modules/@acme/demo/plugin.yaml': pluginYaml('generic.Type'),
    'project/node_modules/@acme/demo/plugin_1_4.yaml': pluginYaml('v14.Type'),
    'other/elsewhere.yaml': `node_types:\n  callback.Type:\n    derived_from: cloudify.nodes.Root\n`,
  });
  const asked: string[] = [];
  const { errors } = await loadBlueprint(join(dir, 'project/test/blueprint.yaml'), {
    resolvePlugin: (name) => {
      asked.push(name);
      return name === 'elsewhere' ? join(dir, 'other/elsewhere.yaml') : undefined;
    },
  });
  assert.deepEqual(errors.map(brief), []);
  assert.deepEqual(asked, ['elsewhere']);
});

test('an unresolvable plugin:<name> says where it looked', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': `tosca_definitions_version: cloudify_dsl_1_4\nimports:\n  - plugin:nowhere\n`,
  });
  const error = expectError(errors, ErrorCode.importNotFound, /Cannot resolve 'plugin:nowhere'/);
  assert.match(error.hint!, /plugins\/nowhere\/plugin\.yaml/);
});

test('a name defined twice across imports is a merge conflict (4); declaring the script plugin says why', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': `tosca_definitions_version: cloudify_dsl_1_4\nimports:\n  - http://cloudify.co/spec/cloudify/6.4.0/types.yaml\n  - more.yaml\nnode_types:\n  my.Type: {}\n`,
    'more.yaml': `plugins:\n  script:\n    executor: central_deployment_agent\nnode_types:\n  my.Type: {}\n`,
  });
  const script = expectError(errors, ErrorCode.importConflict, /conflict on 'script'/);
  assert.match(script.hint!, /already declare the 'script' plugin/);
  const type = expectError(errors, ErrorCode.importConflict, /conflict on 'my.Type'/);
  assert.match(type.hint!, /already defined at .*blueprint\.yaml:6/);
});

test('a missing main file and a YAML error in an import are reported, the latter with its position', async (t) => {
  const dir = writeFiles(t, {
    'blueprint.yaml': `tosca_definitions_version: cloudify_dsl_1_4\nimports:\n  - broken.yaml\n`,
    'broken.yaml': `node_types:\n  a: [1, 2\n`,
  });
  const missing = await loadBlueprint(join(dir, 'nope.yaml'));
  assert.deepEqual(
    missing.errors.map((e) => [e.message, e.location]),
    [[`Cannot read blueprint ${join(dir, 'nope.yaml')}: file not found`, undefined]],
  );
  const broken = await loadBlueprint(join(dir, 'blueprint.yaml'));
  assert.equal(broken.blueprint, undefined);
  assert.ok(broken.errors.length >= 1);
  assert.match(broken.errors[0]!.message, /^YAML syntax error/);
  assert.equal(broken.errors[0]!.location?.file, join(dir, 'broken.yaml'));
});
