import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkflowUsageError } from '../../src/workflows/failures.js';
import { mergeWorkflowParameters } from '../../src/workflows/parameters.js';
import { builtinWorkflows, buildPlan, RecordingExecutor } from './doubles.js';
import { runner } from './harness.js';

const executeOperation = builtinWorkflows()['execute_operation']!.parameters;

test('defaults are filled in and strings converted for typed parameters', () => {
  const merged = mergeWorkflowParameters(
    'execute_operation',
    executeOperation,
    { operation: 'start', run_by_dependency_order: 'true' },
    false,
  );
  assert.deepEqual(merged, {
    type_names: [],
    node_ids: [],
    node_instance_ids: [],
    operation: 'start',
    operation_kwargs: {},
    allow_kwargs_override: null,
    run_by_dependency_order: true,
  });
  assert.deepEqual(
    mergeWorkflowParameters(
      'w',
      { n: { type: 'integer' }, f: { type: 'float' } },
      { n: '42', f: '0.5' },
      false,
    ),
    { n: 42, f: 0.5 },
  );
});

test('every problem with the parameters is reported at once', () => {
  assert.throws(
    () =>
      mergeWorkflowParameters(
        'execute_operation',
        executeOperation,
        { node_ids: 'web', run_by_dependency_order: 'yes', operation_kwrgs: {} },
        false,
      ),
    (error: unknown) => {
      assert.ok(error instanceof WorkflowUsageError);
      assert.equal(
        error.message,
        [
          "invalid parameters for workflow 'execute_operation':",
          `  - 'node_ids' must be a list, got "web"`,
          "  - 'operation' is mandatory (The operation's full name, e.g. cloudify.interfaces.lifecycle.start)",
          `  - 'run_by_dependency_order' must be a boolean, got "yes"`,
          "  - 'operation_kwrgs' is not declared (declared: type_names, node_ids, node_instance_ids, operation, " +
            'operation_kwargs, allow_kwargs_override, run_by_dependency_order); pass allow_custom_parameters ' +
            '(--allow-custom-parameters) to send it anyway',
        ].join('\n'),
      );
      return true;
    },
  );
});

test('custom parameters pass with allow_custom_parameters', () => {
  const merged = mergeWorkflowParameters(
    'install',
    builtinWorkflows()['install']!.parameters,
    { extra: 1 },
    true,
  );
  assert.equal(merged['extra'], 1);
});

test('an unknown workflow or one cloudify-local cannot run is a usage error', async () => {
  const { run } = await runner(buildPlan({ a: {} }));
  await assert.rejects(
    run(new RecordingExecutor(), 'instal'),
    /the blueprint has no workflow 'instal' \(workflows: .*install/,
  );
  await assert.rejects(
    run(new RecordingExecutor(), 'heal'),
    /maps to '.*auto_heal_reinstall_node_subgraph', which cloudify-local cannot run/,
  );
  await assert.rejects(
    run(new RecordingExecutor(), 'install', { parallelism: 0 }),
    /parallelism must be an integer ≥ 1/,
  );
});
