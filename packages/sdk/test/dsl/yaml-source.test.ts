import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locate, parseYaml } from '../../src/dsl/yaml-source.js';

test('values keep the position of every key and value, 1-based', () => {
  const { value, errors } = parseYaml('/bp.yaml', 'a:\n  b: 1\n  list:\n    - x\n    - { y: 2 }\n');
  assert.deepEqual(errors, []);
  const root = value as { a: { b: number; list: unknown[] } };
  assert.deepEqual(root, { a: { b: 1, list: ['x', { y: 2 }] } });
  assert.deepEqual(locate(root.a, 'b', 'a.b', 'key'), { file: '/bp.yaml', line: 2, column: 3, path: 'a.b' });
  assert.deepEqual(locate(root.a, 'b', 'a.b'), { file: '/bp.yaml', line: 2, column: 6, path: 'a.b' });
  assert.deepEqual(locate(root.a.list, 1, 'a.list[1]'), {
    file: '/bp.yaml',
    line: 5,
    column: 7,
    path: 'a.list[1]',
  });
  assert.equal(locate({ made: 'later' }, 'made', 'x'), undefined);
});

test('anchors, aliases and merge keys resolve, explicit keys winning, merged keys keeping their origin', () => {
  const text = [
    'dsl_definitions:',
    '  base: &base',
    '    executor: central_deployment_agent',
    '    install: false',
    'plugins:',
    '  p:',
    '    <<: *base',
    '    install: true',
    '  q: *base',
  ].join('\n');
  const { value, errors } = parseYaml('/bp.yaml', text);
  assert.deepEqual(errors, []);
  const plugins = (value as { plugins: Record<string, Record<string, unknown>> }).plugins;
  assert.deepEqual(plugins.p, { install: true, executor: 'central_deployment_agent' });
  assert.deepEqual(plugins.q, { executor: 'central_deployment_agent', install: false });
  assert.equal(locate(plugins.p, 'executor', 'p.executor', 'key')?.line, 3);
  assert.equal(locate(plugins.p, 'install', 'p.install', 'key')?.line, 8);
});

test('scalars follow PyYAML (yes is true, 0755 is octal, y is a string) but timestamps stay strings', () => {
  const { value } = parseYaml('/bp.yaml', 'a: yes\nb: off\nc: 0755\nd: 2024-01-02\ne: "yes"\nf: ~\ny: n\n');
  assert.deepEqual(value, { a: true, b: false, c: 493, d: '2024-01-02', e: 'yes', f: null, y: 'n' });
});

test('syntax errors and duplicate keys are reported with their line and column', () => {
  const broken = parseYaml('/bad.yaml', 'a: [1, 2\nb: 3\n');
  assert.equal(broken.value, undefined);
  assert.ok(broken.errors.length > 0);
  assert.match(broken.errors[0]!.message, /^YAML syntax error/);
  assert.equal(broken.errors[0]!.location?.file, '/bad.yaml');

  const duplicate = parseYaml('/dup.yaml', 'a: 1\nb: 2\na: 3\n');
  assert.equal(duplicate.errors.length, 1);
  assert.match(duplicate.errors[0]!.message, /Duplicate key 'a' \(first defined at line 1\)/);
  assert.deepEqual(duplicate.errors[0]!.location, { file: '/dup.yaml', line: 3, column: 1, path: '' });
});
