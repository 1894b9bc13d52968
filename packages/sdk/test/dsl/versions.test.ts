import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '../../src/dsl/index.js';
import { brief, expectError, loadErrors } from './helpers.js';

test('tosca_definitions_version is required in the main file (27) and must be a known version (29)', async (t) => {
  const missing = await loadErrors(t, { 'blueprint.yaml': 'node_templates: {}\n' });
  assert.deepEqual(
    missing.map((e) => e.code),
    [ErrorCode.missingDslVersion],
  );
  const unknown = await loadErrors(t, { 'blueprint.yaml': 'tosca_definitions_version: cloudify_dsl_2_0\n' });
  assert.deepEqual(
    unknown.map((e) => [e.code, e.location?.line, e.location?.column]),
    [[ErrorCode.unsupportedDslVersion, 1, 28]],
  );
});

test('an unknown top-level key is a format error (1) with a suggestion', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': 'tosca_definitions_version: cloudify_dsl_1_4\nnode_template: {}\n',
  });
  const error = expectError(errors, ErrorCode.format, /'node_template' is not in schema/);
  assert.equal(error.hint, "did you mean 'node_templates'?");
  assert.deepEqual(
    [error.location?.line, error.location?.column, error.location?.path],
    [2, 1, 'node_template'],
  );
});

test('features newer than the blueprint version are error 102, each one reported', async (t) => {
  const body = [
    'tosca_definitions_version: cloudify_dsl_1_0',
    'description: too early', // 1_2
    'dsl_definitions: {}', // 1_2
    'data_types:', // 1_2
    '  my.Data: { properties: { a: { type: string, required: false } } }', // required: 1_2
    'plugins:',
    '  p:',
    '    executor: central_deployment_agent',
    '    install: false',
    '    package_name: p', // 1_2
    '    properties: {}', // 1_5
    'node_types:',
    '  my.Type:',
    '    properties:',
    '      tags: { type: list, item_type: string, default: [] }', // 1_4
    '      label: { type: string, display_label: Label, default: x }', // 1_3
    '    interfaces:',
    '      i:',
    '        op: { implementation: p.task, max_retries: 2, retry_interval: 1 }', // 1_1 x2
    'node_templates:',
    '  n:',
    '    type: my.Type',
    '    capabilities: { scalable: { properties: { default_instances: 2 } } }', // 1_3
    'outputs:',
    '  o: { value: { concat: [a, b] } }', // 1_1
  ].join('\n');
  const errors = await loadErrors(t, { 'blueprint.yaml': body });
  assert.ok(
    errors.every((e) => e.code === ErrorCode.versionGatedFeature),
    errors.map(brief).join('\n'),
  );
  assert.deepEqual(
    errors.map((e) => [e.location?.line, e.message.replace(/ is not supported.*/, '')]),
    [
      [2, `'description'`],
      [3, `'dsl_definitions'`],
      [4, `'data_types'`],
      [5, `'required'`],
      [10, `plugin 'package_name'`],
      [11, `plugin 'properties'`],
      [15, `'item_type'`],
      [16, `'display_label'`],
      [19, `'max_retries'`],
      [19, `'retry_interval'`],
      [23, `'capabilities.scalable'`],
      [25, 'the concat function'],
    ],
  );
  assert.match(
    errors[0]!.message,
    /not supported in version cloudify_dsl_1_0, it was added in cloudify_dsl_1_2/,
  );
  assert.match(errors[0]!.hint!, /set tosca_definitions_version: cloudify_dsl_1_2/);
});

test('validateVersion: false turns feature gating off', async (t) => {
  const body = 'tosca_definitions_version: cloudify_dsl_1_0\ndescription: fine\ndata_types: {}\n';
  assert.deepEqual(await loadErrors(t, { 'blueprint.yaml': body }, { validateVersion: false }), []);
});

test('the built-in types are not gated by the blueprint version', async (t) => {
  const body =
    'tosca_definitions_version: cloudify_dsl_1_3\nimports: [http://cloudify.co/spec/cloudify/5.0.0/types.yaml]\n';
  assert.deepEqual(await loadErrors(t, { 'blueprint.yaml': body }), []);
});

test('groups, policies, labels and other manager-side sections are accepted', async (t) => {
  const body = [
    'tosca_definitions_version: cloudify_dsl_1_4',
    'metadata: { owner: me }',
    'labels: { env: { values: [dev] } }',
    'blueprint_labels: { team: { values: [a] } }',
    'deployment_settings: { default_schedules: {} }',
    'resource_tags: { cost: low }',
    'policy_types: { p: { source: x.clj } }',
    'policy_triggers: { t: { source: t.clj } }',
    'groups: { g: { members: [] } }',
    'policies: { s: { type: cloudify.policies.scaling, targets: [g] } }',
  ].join('\n');
  assert.deepEqual((await loadErrors(t, { 'blueprint.yaml': body })).map(brief), []);
});
