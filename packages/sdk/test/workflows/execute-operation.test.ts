import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkflowUsageError } from '../../src/workflows/failures.js';
import { buildPlan, lifecycle, op, RecordingExecutor, relationship } from './doubles.js';
import { runner } from './harness.js';

const plan = () =>
  buildPlan({
    db: {
      type: 'my.nodes.Database',
      typeHierarchy: ['cloudify.nodes.Root', 'my.nodes.Database'],
      operations: {
        ...lifecycle(['start', 'stop']),
        'maintenance.backup': op('maintenance.backup', { inputs: { target: '/backups' } }),
      },
    },
    web: {
      operations: lifecycle(['start', 'stop']),
      relationships: [relationship('cloudify.relationships.connected_to', 'db')],
      instances: 2,
    },
  });

test('execute_operation runs the operation with operation_kwargs merged into its inputs', async () => {
  const { run, events } = await runner(plan());
  const executor = new RecordingExecutor();
  await run(executor, 'execute_operation', {
    parameters: { operation: 'backup', operation_kwargs: { compress: true } },
  });
  assert.deepEqual(
    executor.calls.map((c) => [c.subject, c.operation, c.inputs]),
    [['db_0', 'backup', { target: '/backups', compress: true }]],
  );
  const messages = events.flatMap((e) => (e.type === 'instance_event' ? [e.message] : []));
  assert.deepEqual(messages, [
    'Starting operation maintenance.backup (Operation parameters: {"compress":true})',
    'Finished operation maintenance.backup',
  ]);
});

test('operation_kwargs may not replace operation inputs unless allow_kwargs_override', async () => {
  const { run } = await runner(plan());
  const parameters = { operation: 'maintenance.backup', operation_kwargs: { target: '/tmp' } };
  await assert.rejects(
    run(new RecordingExecutor(), 'execute_operation', { parameters }),
    (error: unknown) => {
      assert.ok(error instanceof WorkflowUsageError);
      assert.match(
        error.message,
        /operation_kwargs target would replace inputs .* allow_kwargs_override=true/,
      );
      return true;
    },
  );
  const executor = new RecordingExecutor();
  await run(executor, 'execute_operation', { parameters: { ...parameters, allow_kwargs_override: true } });
  assert.deepEqual(executor.calls[0]?.inputs, { target: '/tmp' });
});

test('filters select nodes, instances and types', async () => {
  const cases: [Record<string, unknown>, string[]][] = [
    [{ node_ids: ['web'] }, ['web_0 start', 'web_1 start']],
    [{ node_instance_ids: ['web_1'] }, ['web_1 start']],
    [{ type_names: ['my.nodes.Database'] }, ['db_0 start']],
  ];
  for (const [filters, expected] of cases) {
    const { run } = await runner(plan());
    const executor = new RecordingExecutor();
    await run(executor, 'execute_operation', {
      parameters: { operation: 'cloudify.interfaces.lifecycle.start', ...filters },
      parallelism: 1,
    });
    assert.deepEqual(executor.log.sort(), expected, JSON.stringify(filters));
  }
  const { run } = await runner(plan());
  await assert.rejects(
    run(new RecordingExecutor(), 'execute_operation', {
      parameters: { operation: 'start', node_ids: ['wbe'] },
    }),
    /node_ids: no node named wbe \(nodes: db, web\)/,
  );
});

test('run_by_dependency_order: start runs targets first, stop runs sources first', async () => {
  const { run } = await runner(plan());
  const start = new RecordingExecutor();
  await run(start, 'start', { parallelism: 4 });
  assert.equal(start.log[0], 'db_0 start');
  const stop = new RecordingExecutor();
  await run(stop, 'stop', { parallelism: 4 });
  assert.equal(stop.log.at(-1), 'db_0 stop');
  const restart = new RecordingExecutor();
  await run(restart, 'restart', { parallelism: 4 });
  assert.deepEqual(
    restart.log.map((l) => l.split(' ')[1]),
    ['stop', 'stop', 'stop', 'start', 'start', 'start'],
  );
});

test('an operation no selected node declares is refused before anything runs', async () => {
  const { run, storage } = await runner(plan());
  const executor = new RecordingExecutor();
  await assert.rejects(
    run(executor, 'execute_operation', { parameters: { operation: 'maintenance.bakup' } }),
    /operation 'maintenance.bakup' is not declared on any selected node \(db, web\)/,
  );
  assert.equal(executor.calls.length, 0);
  assert.equal((await storage.listExecutions())[0]?.status, 'failed');
});
