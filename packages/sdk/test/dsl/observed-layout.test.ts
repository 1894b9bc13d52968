// reference/cloudify-observed.md, "A plugin layout that Cloudify's parser and runner both
// accepted": the same files must load and plan here without errors, to the same plan.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { createPlan, evaluateOutputs, loadBlueprint, validateBlueprint } from '../../src/dsl/index.js';
import { brief } from './helpers.js';

const fixture = fileURLToPath(new URL('../fixtures/dsl/observed-layout/', import.meta.url));

test('the observed plugin layout loads and plans without errors', async () => {
  const { blueprint, errors } = await loadBlueprint(`${fixture}blueprint.yaml`);
  assert.deepEqual(errors.map(brief), []);
  const { plan, errors: planErrors } = createPlan(blueprint!, {});
  assert.deepEqual(planErrors.map(brief), []);
  assert.equal(plan!.dslVersion, 'cloudify_dsl_1_4');
  assert.equal(plan!.blueprintDir, fixture.replace(/\/$/, ''));
  const web = plan!.nodes[0]!;
  assert.equal(web.type, 'web_plugin.nodes.WebServer');
  assert.deepEqual(web.typeHierarchy, [
    'cloudify.nodes.Root',
    'cloudify.nodes.SoftwareComponent',
    'cloudify.nodes.WebServer',
    'web_plugin.nodes.WebServer',
  ]);
  assert.equal(web.properties.port, 8081);
  assert.equal(web.host, undefined);
  for (const [name, args] of [
    ['start', ['start']],
    ['stop', ['stop']],
  ] as const) {
    const op = web.operations[`cloudify.interfaces.lifecycle.${name}`]!;
    assert.deepEqual(
      [op.plugin, op.operation, op.executor, op.inputs],
      [
        'script',
        'script_runner.tasks.run',
        'central_deployment_agent',
        { script_path: 'plugins/web-plugin/plugin.cjs', process: { command_prefix: 'node', args } },
      ],
    );
  }
  assert.equal(web.operations['cloudify.interfaces.lifecycle.create']?.implementation, '');
  assert.equal(plan!.nodeInstances.length, 1);
  assert.deepEqual(plan!.outputs.last_op?.value, { get_attribute: ['web', 'last_op'] });
  const id = plan!.nodeInstances[0]!.id;
  const outputs = evaluateOutputs(plan!, {
    plan: plan!,
    runtimeProperties: (i) => (i === id ? { last_op: 'start' } : {}),
  });
  assert.deepEqual(outputs, { values: { last_op: 'start' }, errors: [] });
});

test('the same layout imported as plugin:web-plugin resolves to plugins/web-plugin/plugin.yaml', async () => {
  assert.deepEqual(
    (await validateBlueprint(`${fixture}plugin-import-blueprint.yaml`, { port: 9000 })).map(brief),
    [],
  );
});
