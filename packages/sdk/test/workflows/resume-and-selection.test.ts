import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkflowFailedError } from '../../src/workflows/failures.js';
import { buildPlan, lifecycle, RecordingExecutor, relationship } from './doubles.js';
import { runner } from './harness.js';

const OPS = ['create', 'configure', 'start', 'stop', 'delete'];
const webAndDb = () =>
  buildPlan({
    db: { operations: lifecycle(OPS) },
    web: {
      operations: lifecycle(OPS),
      relationships: [
        relationship('cloudify.relationships.connected_to', 'db', ['preconfigure', 'establish', 'unlink']),
      ],
    },
  });

test('re-running install after a failure resumes from the recorded states', async () => {
  const { run, storage, events } = await runner(webAndDb());
  const failing = new RecordingExecutor((task) =>
    task.operation.name.endsWith('.configure') &&
    task.subject.kind === 'node' &&
    task.subject.instanceId === 'web_0'
      ? { status: 'failed', recoverable: false, message: 'config file is invalid' }
      : { status: 'succeeded' },
  );
  await assert.rejects(run(failing, 'install'), WorkflowFailedError);
  assert.equal((await storage.getInstance('db_0')).state, 'started');
  assert.equal((await storage.getInstance('web_0')).state, 'configuring');

  events.length = 0;
  const resumed = new RecordingExecutor();
  await run(resumed, 'install');
  assert.deepEqual(resumed.log, [
    'web_0->db_0 preconfigure/source',
    'web_0->db_0 preconfigure/target',
    'web_0 configure',
    'web_0 start',
    'web_0->db_0 establish/source',
    'web_0->db_0 establish/target',
  ]);
  const dbEvents = events.filter((e) => 'instanceId' in e && e.instanceId === 'db_0');
  assert.deepEqual(dbEvents, [
    { type: 'state_changed', instanceId: 'db_0', state: 'started' },
    { type: 'instance_event', instanceId: 'db_0', message: 'Node instance started (nothing to do)' },
  ]);
  const [first, second] = await storage.listExecutions();
  assert.equal(first?.status, 'failed');
  assert.equal(second?.status, 'terminated');

  const again = new RecordingExecutor();
  await run(again, 'install');
  assert.deepEqual(again.log, [], 'an installed deployment has nothing left to do');
});

test('uninstall after a failed install skips what never happened', async () => {
  const { run, storage } = await runner(webAndDb());
  const failing = new RecordingExecutor((task) =>
    task.operation.name.endsWith('.create') &&
    task.subject.kind === 'node' &&
    task.subject.instanceId === 'web_0'
      ? { status: 'failed', recoverable: false, message: 'no quota' }
      : { status: 'succeeded' },
  );
  await assert.rejects(run(failing, 'install'), WorkflowFailedError);
  const uninstall = new RecordingExecutor();
  await run(uninstall, 'uninstall');
  // web never got past `creating`: Cloudify still stops it (state is not stopped/configured/…).
  assert.deepEqual(uninstall.log, [
    'web_0 stop',
    'web_0->db_0 unlink/source',
    'web_0->db_0 unlink/target',
    'web_0 delete',
    'db_0 stop',
    'db_0 delete',
  ]);
  assert.deepEqual(
    (await storage.listInstances()).map((i) => i.state),
    ['deleted', 'deleted'],
  );
});

test('install with node_ids: the others are intact, but relationships to the selected get established', async () => {
  const { run } = await runner(webAndDb());
  const executor = new RecordingExecutor();
  await run(executor, 'install', { parameters: { node_ids: ['db'] } });
  assert.deepEqual(executor.log, [
    'db_0 create',
    'db_0 configure',
    'db_0 start',
    'web_0->db_0 establish/source',
    'web_0->db_0 establish/target',
  ]);
});

test('uninstall ignore_failure: failed operations become events and the workflow goes on', async () => {
  const { run, storage, events } = await runner(webAndDb());
  await run(new RecordingExecutor(), 'install');
  const executor = new RecordingExecutor((task) =>
    task.operation.name.endsWith('.stop')
      ? { status: 'failed', recoverable: false, message: 'hung' }
      : { status: 'succeeded' },
  );
  const summary = await run(executor, 'uninstall', { parameters: { ignore_failure: true } });
  assert.equal(summary.status, 'terminated');
  assert.ok(
    events.some(
      (e) =>
        e.type === 'instance_event' &&
        e.message === 'Ignoring task cloudify.interfaces.lifecycle.stop failure',
    ),
  );
  assert.deepEqual(
    (await storage.listInstances()).map((i) => i.state),
    ['deleted', 'deleted'],
  );
});

test('depends_on_lifecycle_operation waits only for the named operation of the target', async () => {
  const plan = buildPlan({
    db: { operations: lifecycle(['create', 'configure', 'start']) },
    app: {
      operations: lifecycle(['create']),
      relationships: [
        relationship('cloudify.relationships.depends_on_lifecycle_operation', 'db', [], {
          operation: 'create',
        }),
      ],
    },
  });
  const { run } = await runner(plan);
  const executor = new RecordingExecutor(async (task) => {
    if (task.operation.name.endsWith('.configure')) await new Promise((r) => setTimeout(r, 50));
    return { status: 'succeeded' };
  });
  await run(executor, 'install', { parallelism: 4 });
  const at = (line: string) => executor.log.indexOf(line);
  assert.ok(at('db_0 create') < at('app_0 create'), executor.log.join(', '));
  assert.ok(at('app_0 create') < at('db_0 start'), executor.log.join(', '));
});

test('independent instances run in parallel, bounded by parallelism', async () => {
  const plan = buildPlan({ worker: { operations: lifecycle(['create', 'start']), instances: 20 } });
  for (const parallelism of [1, 3, 8]) {
    const { run } = await runner(plan);
    const executor = new RecordingExecutor(
      () => new Promise((r) => setTimeout(() => r({ status: 'succeeded' }), 2)),
    );
    await run(executor, 'install', { parallelism });
    assert.equal(executor.maxRunning, parallelism);
    assert.equal(executor.calls.length, 40);
  }
});

test('cancelling stops new operations and reports the execution as cancelled', async () => {
  const plan = buildPlan({ worker: { operations: lifecycle(['create', 'start']), instances: 6 } });
  const { run, storage } = await runner(plan);
  const controller = new AbortController();
  const executor = new RecordingExecutor(() => {
    controller.abort();
    return { status: 'succeeded' };
  });
  await assert.rejects(run(executor, 'install', { signal: controller.signal, parallelism: 2 }), {
    name: 'WorkflowCancelledError',
  });
  assert.ok(executor.calls.length <= 2, executor.log.join(', '));
  assert.equal((await storage.listExecutions())[0]?.status, 'cancelled');
});

test('reinstall uninstalls, then installs again', async () => {
  const { run, storage } = await runner(webAndDb());
  await run(new RecordingExecutor(), 'install');
  const executor = new RecordingExecutor();
  await run(executor, 'reinstall');
  assert.deepEqual(executor.log, [
    'web_0 stop',
    'web_0->db_0 unlink/source',
    'web_0->db_0 unlink/target',
    'web_0 delete',
    'db_0 stop',
    'db_0 delete',
    'db_0 create',
    'db_0 configure',
    'db_0 start',
    'web_0 create',
    'web_0->db_0 preconfigure/source',
    'web_0->db_0 preconfigure/target',
    'web_0 configure',
    'web_0 start',
    'web_0->db_0 establish/source',
    'web_0->db_0 establish/target',
  ]);
  assert.deepEqual(
    (await storage.listInstances()).map((i) => i.state),
    ['started', 'started'],
  );
});

test('a large deployment: 1000 instances × 5 operations, each exactly once', async () => {
  const plan = buildPlan({
    worker: { operations: lifecycle(['create', 'configure', 'start', 'stop', 'delete']), instances: 1000 },
  });
  const { run } = await runner(plan);
  const executor = new RecordingExecutor();
  const install = await run(executor, 'install', { parallelism: 8 });
  const uninstall = await run(executor, 'uninstall', { parallelism: 8 });
  assert.equal(install.operations + uninstall.operations, 5000);
  assert.equal(new Set(executor.log).size, 5000);
  assert.equal(executor.maxRunning, 8);
});
