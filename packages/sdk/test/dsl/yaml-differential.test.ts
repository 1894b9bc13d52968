// The js-yaml reader against the `yaml` library (yaml-reference.ts): on every file both accept, the
// same values, key order and positions. Checked on the repository's blueprints, on snippets of
// every shape blueprints use, and on thousands of mutants of them (seeded, so a failure repeats).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { locate } from '../../src/dsl/yaml-positions.js';
import { parseYaml } from '../../src/dsl/yaml-source.js';
import { parseWithYamlLibrary } from './yaml-reference.js';

const SDK = fileURLToPath(new URL('../../', import.meta.url));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return entry.name.endsWith('.yaml') ? [path] : [];
  });
}

const SNIPPETS: Record<string, string> = {
  scalars: [
    'a: yes',
    'b: off',
    'c: 0755',
    'd: 2024-01-02',
    'e: "yes"',
    "f: 'it''s'",
    'g: ~',
    'h: 1_000',
    'i: 0x1F',
    'j: -1.5e+3',
    'k: .inf',
    'l: 190:20:30',
    'm: http://example.com:8080/path#frag',
    'n: a#b # comment',
    'o: -x',
    'p: ?x',
    'q: :x',
    'r:',
    's:   # nothing',
    'y: n',
    '1: one',
    '2.5: float key',
    'null: null key',
    'true: true key',
    '"quoted key": 1',
    "'single': 2",
    '__proto__: safe',
    'key with spaces  : v',
    'unicode: héllo wörld ✓',
    '',
  ].join('\n'),
  blocks: [
    '# leading comment',
    'top:',
    '  nested:',
    '    deep: 1',
    '  list:',
    '    - a',
    '    -',
    '    - b: 1',
    '      c:',
    '    -   # empty with comment',
    'same_indent:',
    '- x',
    '- y: 1',
    '  z: [1, 2]',
    'after: 2',
    'on_next_line:',
    '  just a scalar',
    'empty_map: {}',
    'empty_list: []',
    'flow: { a: 1, b: [x, "y", { c: ~ }], d: }',
    'flow_list: [SELF, port, { get_input: x }]',
    '',
  ].join('\n'),
  blockScalars: [
    'literal: |',
    '  line one',
    '    indented',
    '',
    '  # not a comment',
    'stripped: |-',
    '  no newline',
    'folded: >',
    '  folded',
    '  text',
    '',
    '  new paragraph',
    '',
    '',
    'folded_strip: >-',
    '  a',
    '  b',
    'list:',
    '  - |',
    '    in a list',
    '  - key: >',
    '      in a map in a list',
    '    other: 1',
    '',
  ].join('\n'),
  anchors: [
    'dsl_definitions:',
    '  defaults: &defaults',
    '    executor: central_deployment_agent',
    '    install: false',
    '  port: &port 8080',
    'plugins:',
    '  p:',
    '    <<: *defaults',
    '    install: true',
    '  q: *defaults',
    '  r:',
    '    extra: 1',
    '    <<:',
    '      - *defaults',
    'ports:',
    '  - *port',
    '  - &other 9090',
    '  - *other',
    'redefined: &port 1',
    'latest: *port',
    '',
  ].join('\n'),
  blueprint: [
    'tosca_definitions_version: cloudify_dsl_1_4',
    'description: >',
    '  A web server.',
    'imports:',
    '  - http://cloudify.co/spec/cloudify/6.4.0/types.yaml',
    'inputs:',
    '  port:',
    '    type: integer',
    '    default: 8080',
    '    constraints:',
    '      - in_range: [1, 65535]',
    'node_templates:',
    '  vm:',
    '    type: cloudify.nodes.Compute',
    '    properties: { ip: 10.0.0.1, agent_config: { install_method: none } }',
    '  web:',
    '    type: cloudify.nodes.WebServer',
    '    properties:',
    '      port: { get_input: port }',
    '    interfaces:',
    '      cloudify.interfaces.lifecycle:',
    '        start:',
    '          implementation: scripts/start.sh',
    '          inputs:',
    '            url: { concat: ["http://", { get_attribute: [SELF, ip] }, ":", { get_input: port }] }',
    '    relationships:',
    '      - type: cloudify.relationships.contained_in',
    '        target: vm',
    'outputs:',
    '  url:',
    "    description: 'Where it answers'",
    '    value: { get_attribute: [web, url] }',
    '',
  ].join('\n'),
};

const CORPUS: [string, string][] = [
  ...[...yamlFiles(join(SDK, 'test', 'fixtures')), join(SDK, 'types', 'cloudify', 'types.yaml')].map(
    (file): [string, string] => [file, readFileSync(file, 'utf8')],
  ),
  ...Object.entries(SNIPPETS).map(([name, text]): [string, string] => [`/snippets/${name}.yaml`, text]),
];

/** Same values, key order and positions in both trees, container by container. */
function assertSamePositions(ours: unknown, theirs: unknown, where: string, seen = new Set<object>()): void {
  if (typeof ours !== 'object' || ours === null || seen.has(ours)) return;
  seen.add(ours);
  assert.deepEqual(locate(ours, undefined, where), locate(theirs, undefined, where), `start of ${where}`);
  if (Array.isArray(ours)) {
    ours.forEach((item, i) => {
      assert.deepEqual(locate(ours, i, where), locate(theirs, i, where), `${where}[${i}]`);
      assertSamePositions(item, (theirs as unknown[])[i], `${where}[${i}]`, seen);
    });
    return;
  }
  const record = theirs as Record<string, unknown>;
  assert.deepEqual(Object.keys(ours), Object.keys(record), `key order of ${where}`);
  for (const [key, value] of Object.entries(ours)) {
    for (const which of ['key', 'value'] as const) {
      assert.deepEqual(
        locate(ours, key, where, which),
        locate(theirs, key, where, which),
        `${which} ${where}.${key}`,
      );
    }
    assertSamePositions(value, record[key], `${where}.${key}`, seen);
  }
}

/**
 * Texts the readers place differently on purpose: a lone CR is a line break in YAML (and for
 * js-yaml and PyYAML) but content for the library; an empty first key of a flow collection
 * (`{ : 1}`) is placed by the library right after the bracket, after its spaces by js-yaml.
 */
const DIFFERENT_BY_DESIGN = /\r(?!\n)|[{[]\s*:/;

/** Whether both readers accept the text; if they do, they must agree. */
function check(file: string, text: string): boolean {
  if (DIFFERENT_BY_DESIGN.test(text)) return false;
  const ours = parseYaml(file, text);
  if (ours.errors.length > 0) return false;
  const theirs = parseWithYamlLibrary(file, text);
  if (theirs.errors.length > 0) return false;
  const context = `${file}:\n${text}`;
  assert.deepEqual(ours.value, theirs.value, context);
  assertSamePositions(ours.value, theirs.value, file);
  return true;
}

/** mulberry32: a small seeded generator, so a failing mutant is found again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PALETTE = [
  ...[
    ' ',
    '  ',
    ':',
    ': ',
    '-',
    '- ',
    '#',
    ' #',
    '\n',
    '"',
    "'",
    '|',
    '|-',
    '>',
    '>-',
    '{',
    '}',
    '[',
    ']',
    ',',
  ],
  ...[
    '&a',
    '*a',
    '!',
    '?',
    '? ',
    'x',
    '1',
    '.',
    '0',
    '\t',
    '\r',
    '~',
    '<<: ',
    '---\n',
    '...',
    '%',
    '@',
    '\\',
  ],
];

function mutate(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const lines = text.split('\n');
  const line = Math.floor(next() * lines.length);
  switch (Math.floor(next() * 6)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + PALETTE[Math.floor(next() * PALETTE.length)]! + text.slice(at);
    case 2:
      return text.slice(0, at) + PALETTE[Math.floor(next() * PALETTE.length)]! + text.slice(at + 1);
    case 3:
      lines.splice(line, 0, lines[line] ?? '');
      return lines.join('\n');
    case 4:
      lines.splice(line, 1);
      return lines.join('\n');
    default:
      lines[line] = next() < 0.5 ? ` ${lines[line] ?? ''}` : (lines[line] ?? '').replace(/^ {1,2}/, '');
      return lines.join('\n');
  }
}

test('the js-yaml reader agrees with the yaml library on the repository blueprints and the snippets', () => {
  const rejected = CORPUS.filter(([file, text]) => !check(file, text)).map(([file]) => file);
  assert.deepEqual(rejected, []);
});

test('on mutants of those files, where both readers accept one, they agree', () => {
  const next = random(20261126);
  let taken = 0;
  let total = 0;
  for (const [file, text] of CORPUS) {
    if (text.length > 20_000) continue;
    let mutant = text;
    for (let i = 0; i < 120; i++) {
      // Mostly single mutations; every fourth one piles up on the previous mutant.
      mutant = mutate(i % 4 === 3 ? mutant : text, next);
      total++;
      if (check(file, mutant)) taken++;
    }
  }
  assert.ok(
    taken > total / 3,
    `only ${taken} of ${total} mutants were read by both: the check would be weak`,
  );
});
