import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '../../src/dsl/index.js';
import { blueprint, expectError, loadErrors, planOf } from './helpers.js';

const pluginAndType = `
plugins:
  p: { executor: central_deployment_agent, install: false }
node_types:
  my.Type:
    derived_from: cloudify.nodes.Root
    interfaces:
      cloudify.interfaces.lifecycle:
        start:
          implementation: p.tasks.start
          max_retries: 3
          inputs:
            port: { default: 80 }
            mode: { type: string }
`;

test('a template operation without implementation keeps the type implementation and merges inputs into its schema', async (t) => {
  const plan = await planOf(t, {
    'blueprint.yaml': blueprint(`${pluginAndType}
node_templates:
  n:
    type: my.Type
    interfaces:
      cloudify.interfaces.lifecycle:
        start:
          inputs: { mode: fast, extra: 1 }
          retry_interval: 5
`),
  });
  const op = plan.nodes[0]!.operations['cloudify.interfaces.lifecycle.start']!;
  assert.deepEqual(
    {
      plugin: op.plugin,
      operation: op.operation,
      executor: op.executor,
      inputs: op.inputs,
      maxRetries: op.maxRetries,
      retryInterval: op.retryInterval,
    },
    {
      plugin: 'p',
      operation: 'tasks.start',
      executor: 'central_deployment_agent',
      inputs: { port: 80, mode: 'fast', extra: 1 },
      maxRetries: 3,
      retryInterval: 5,
    },
  );
});

test('an operation input without default that nobody gives is missing (107)', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': blueprint(`${pluginAndType}\nnode_templates:\n  n:\n    type: my.Type\n`),
  });
  const error = expectError(
    errors,
    ErrorCode.missingProperty,
    /Input 'mode' of operation 'cloudify.interfaces.lifecycle.start' in node 'n' of type 'my.Type' is missing a value/,
  );
  assert.deepEqual([error.location?.line, error.location?.column], [20, 3]);
});

test('a template operation with another implementation replaces the inputs and settings of the type', async (t) => {
  const plan = await planOf(t, {
    'blueprint.yaml': blueprint(`${pluginAndType}
node_templates:
  n:
    type: my.Type
    interfaces:
      cloudify.interfaces.lifecycle:
        start: { implementation: p.tasks.other, inputs: { only: this } }
  m:
    type: my.Type
    interfaces:
      cloudify.interfaces.lifecycle:
        start: {}
`),
  });
  const replaced = plan.nodes[0]!.operations['cloudify.interfaces.lifecycle.start']!;
  assert.deepEqual(
    [replaced.operation, replaced.inputs, replaced.maxRetries],
    ['tasks.other', { only: 'this' }, undefined],
  );
  const nop = plan.nodes[1]!.operations['cloudify.interfaces.lifecycle.start']!;
  assert.deepEqual([nop.implementation, nop.plugin, nop.inputs], ['', undefined, {}]);
});

test('implementation strings: script files, URLs and inline scripts go to the script plugin with executor auto', async (t) => {
  const plan = await planOf(t, {
    'blueprint.yaml': blueprint(`
node_templates:
  n:
    type: cloudify.nodes.Root
    interfaces:
      cloudify.interfaces.lifecycle:
        create: scripts/create.sh
        configure: { implementation: https://example.com/configure.sh, inputs: { a: 1 } }
        start: |
          #!/bin/sh
          echo started
        stop: { implementation: scripts/create.sh, executor: central_deployment_agent }
`),
    'scripts/create.sh': '#!/bin/sh\n',
  });
  const ops = plan.nodes[0]!.operations;
  const view = (name: string) => {
    const op = ops[`cloudify.interfaces.lifecycle.${name}`]!;
    return [op.plugin, op.operation, op.executor, op.inputs];
  };
  assert.deepEqual(view('create'), [
    'script',
    'script_runner.tasks.run',
    'auto',
    { script_path: 'scripts/create.sh' },
  ]);
  assert.deepEqual(view('configure'), [
    'script',
    'script_runner.tasks.run',
    'auto',
    { a: 1, script_path: 'https://example.com/configure.sh' },
  ]);
  assert.deepEqual(view('start'), [
    'script',
    'script_runner.tasks.run',
    'auto',
    { script_source: '#!/bin/sh\necho started\n' },
  ]);
  assert.equal(view('stop')[2], 'central_deployment_agent');
});

test('bad implementation strings: 10 for nodes, 19 for relationships, 60 script_path twice, 91 ambiguous', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': blueprint(`
plugins:
  a: { executor: central_deployment_agent, install: false }
  a.b: { executor: central_deployment_agent, install: false }
node_templates:
  n:
    type: cloudify.nodes.Root
    interfaces:
      cloudify.interfaces.lifecycle:
        create: scripts/missing.sh
        configure: { implementation: scripts/there.sh, inputs: { script_path: x } }
        start: a.b.task
    relationships:
      - type: cloudify.relationships.connected_to
        target: m
        source_interfaces:
          cloudify.interfaces.relationship_lifecycle:
            establish: nowhere.task
  m:
    type: cloudify.nodes.Root
`),
    'scripts/there.sh': '#!/bin/sh\n',
  });
  const bad = expectError(errors, ErrorCode.badImplementation, /operation mapping 'scripts\/missing.sh'/);
  assert.equal(bad.location?.line, 13);
  expectError(errors, ErrorCode.scriptPathInInputs, /Cannot define 'script_path'/);
  expectError(errors, ErrorCode.ambiguousMapping, /plugins=a, a.b/);
  expectError(
    errors,
    ErrorCode.badRelationshipImplementation,
    /'nowhere.task'.*relationship of type 'cloudify.relationships.connected_to' in node 'n'/,
  );
  assert.equal(errors.length, 4);
});

test('an invalid executor is error 28; max_retries below -1 is a format error', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': blueprint(`
node_templates:
  n:
    type: cloudify.nodes.Root
    interfaces:
      cloudify.interfaces.lifecycle:
        create: { implementation: script.script_runner.tasks.run, executor: somewhere, max_retries: -2 }
`),
  });
  expectError(errors, ErrorCode.invalidExecutor, /illegal executor value 'somewhere'/);
  expectError(errors, ErrorCode.format, /'max_retries' must be an integer, -1 \(unlimited\) or more/);
});

test('host_agent operations need a host (24); inside a Compute they are fine', async (t) => {
  const files = (hosted: boolean) => ({
    'blueprint.yaml': blueprint(`
node_templates:
  vm:
    type: cloudify.nodes.Compute
    properties: { agent_config: { install_method: none } }
  app:
    type: cloudify.nodes.ApplicationModule
    interfaces:
      cloudify.interfaces.lifecycle:
        start: script.script_runner.tasks.run
${hosted ? '    relationships: [{ type: cloudify.relationships.contained_in, target: vm }]\n' : ''}`),
  });
  const errors = await loadErrors(t, files(false));
  const error = expectError(
    errors,
    ErrorCode.hostAgentWithoutHost,
    /node 'app' has no relationship which makes it contained within a host/,
  );
  assert.match(error.hint!, /executor: central_deployment_agent/);
  const plan = await planOf(t, files(true));
  const app = plan.nodes.find((n) => n.name === 'app')!;
  assert.equal(app.host, 'vm');
  assert.equal(app.containedIn, 'vm');
  assert.equal(app.operations['cloudify.interfaces.lifecycle.start']?.executor, 'host_agent');
});

test('plugins: executor required (18), install needs a source (50)', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': blueprint(`
plugins:
  noexec: { install: false }
  nosource: { executor: central_deployment_agent }
  ok: { executor: host_agent, source: https://example.com/p.zip }
`),
  });
  expectError(errors, ErrorCode.pluginExecutor, /Plugin 'noexec' has no executor/);
  expectError(errors, ErrorCode.pluginInstallWithoutSource, /Plugin 'nosource' needs to be installed/);
  assert.equal(errors.length, 2);
});

test('workflows map to a declared plugin (21) and carry their parameters', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': blueprint(`\nworkflows:\n  mine: nowhere.module.run\n`),
  });
  expectError(errors, ErrorCode.badWorkflowMapping, /workflow mapping 'nowhere.module.run'/);
  const plan = await planOf(t, { 'blueprint.yaml': blueprint('') });
  assert.deepEqual(plan.workflows.execute_operation?.parameters.operation, {
    required: true,
    type: 'string',
    description: "The operation's full name, e.g. cloudify.interfaces.lifecycle.start",
  });
  assert.deepEqual(plan.workflows.install?.parameters.node_ids, {
    required: false,
    type: 'list',
    default: [],
    description: 'Only node instances of these nodes.',
  });
  assert.equal(plan.workflows.uninstall?.mapping, 'default_workflows.cloudify.plugins.workflows.uninstall');
  assert.equal(plan.workflows.uninstall?.parameters.ignore_failure?.default, false);
  assert.deepEqual(Object.keys(plan.workflows).sort(), [
    'execute_operation',
    'heal',
    'install',
    'reinstall',
    'restart',
    'scale',
    'start',
    'stop',
    'uninstall',
  ]);
  assert.deepEqual(plan.plugins.script, { name: 'script', executor: 'host_agent', install: false });
});
