import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OperationResult } from '../../src/executor/types.js';
import { WorkflowFailedError } from '../../src/workflows/failures.js';
import { buildPlan, lifecycle, RecordingExecutor } from './doubles.js';
import { runner } from './harness.js';

const CREATE = 'cloudify.interfaces.lifecycle.create';

/** An executor whose `create` answers with the given results in turn, then succeeds. */
function scripted(results: OperationResult[]) {
  let index = 0;
  return new RecordingExecutor((task) =>
    task.operation.name === CREATE ? (results[index++] ?? { status: 'succeeded' }) : { status: 'succeeded' },
  );
}

const onePlan = (extra: Parameters<typeof lifecycle>[1] = {}) =>
  buildPlan({ db: { operations: lifecycle(['create', 'start'], extra) } });

test('a retry request reschedules the operation with retry_number going up', async () => {
  const { run, events } = await runner(onePlan());
  const executor = scripted([
    { status: 'retry', message: 'not yet' },
    { status: 'retry', message: 'still not' },
  ]);
  const summary = await run(executor, 'install', { taskRetries: 5 });
  const creates = executor.calls.filter((c) => c.operation === 'create');
  assert.deepEqual(
    creates.map((c) => [c.retryNumber, c.maxRetries]),
    [
      [0, 5],
      [1, 5],
      [2, 5],
    ],
  );
  assert.deepEqual(
    events
      .filter((e) => e.type === 'task_rescheduled')
      .map((e) => e.type === 'task_rescheduled' && e.message),
    ['not yet', 'still not'],
  );
  assert.equal(summary.retries, 2);
  assert.equal(summary.operations, 4);
  assert.equal(summary.status, 'terminated');
});

test('a recoverable error is retried', async () => {
  const { run, events } = await runner(onePlan());
  const executor = scripted([{ status: 'failed', recoverable: true, message: 'exit code 1' }]);
  await run(executor, 'install', { taskRetries: 1 });
  assert.equal(executor.calls.filter((c) => c.operation === 'create').length, 2);
  const failed = events.find((e) => e.type === 'task_failed');
  assert.ok(failed?.type === 'task_failed');
  assert.equal(failed.kind, 'recoverable');
  assert.equal(failed.retryIn, 0);
});

test('a non-recoverable error fails at once, retries left or not', async () => {
  const { run, storage } = await runner(onePlan());
  const executor = scripted([{ status: 'failed', recoverable: false, message: 'bad credentials' }]);
  const error = await run(executor, 'install', { taskRetries: 10 }).catch((e: unknown) => e);
  assert.ok(error instanceof WorkflowFailedError, String(error));
  assert.deepEqual(executor.log, ['db_0 create']);
  assert.deepEqual(error.failures, [
    {
      workflow: 'install',
      kind: 'non_recoverable',
      message: 'bad credentials',
      attempt: 1,
      node: 'db',
      instance: 'db_0',
      operation: CREATE,
    },
  ]);
  assert.match(
    error.message,
    /'install' workflow failed \(1 failure\):\n {2}- db_0 cloudify\.interfaces\.lifecycle\.create \(attempt 1, non-recoverable\): bad credentials/,
  );
  assert.equal((await storage.getInstance('db_0')).state, 'creating');
  const [execution] = await storage.listExecutions();
  assert.equal(execution?.status, 'failed');
  assert.match(execution?.error ?? '', /bad credentials/);
});

test("an operation's max_retries overrides task_retries, and running out fails the workflow", async () => {
  const { run } = await runner(onePlan({ create: { maxRetries: 2 } }));
  const executor = scripted(
    Array.from({ length: 10 }, (): OperationResult => ({
      status: 'failed',
      recoverable: true,
      message: 'refused',
    })),
  );
  const error = await run(executor, 'install', { taskRetries: 10 }).catch((e: unknown) => e);
  assert.ok(error instanceof WorkflowFailedError);
  assert.equal(executor.calls.length, 3);
  assert.equal(error.failures[0]?.kind, 'recoverable');
  assert.equal(error.failures[0]?.attempt, 3);
  assert.match(error.failures[0]?.message ?? '', /refused; no retries left \(max_retries 2\)/);
});

test('a retry request past the limit fails the workflow', async () => {
  const { run } = await runner(onePlan());
  const executor = scripted(
    Array.from({ length: 10 }, (): OperationResult => ({ status: 'retry', message: 'waiting for the VM' })),
  );
  const error = await run(executor, 'install', { taskRetries: 1 }).catch((e: unknown) => e);
  assert.ok(error instanceof WorkflowFailedError);
  assert.equal(executor.calls.length, 2);
  assert.equal(error.failures[0]?.kind, 'retry');
});

test('the wait before a retry: retry_after, else the operation retry_interval, else the global one', async () => {
  const waits = async (extra: Parameters<typeof lifecycle>[1], result: OperationResult) => {
    const { run, events } = await runner(onePlan(extra));
    await run(scripted([result]), 'install', { taskRetries: 1, retryInterval: 0.03 });
    const event = events.find((e) => e.type === 'task_rescheduled' || e.type === 'task_failed');
    return event && 'retryIn' in event ? event.retryIn : undefined;
  };
  assert.equal(await waits({}, { status: 'retry', message: '' }), 0.03);
  assert.equal(await waits({ create: { retryInterval: 0.02 } }, { status: 'retry', message: '' }), 0.02);
  assert.equal(
    await waits({ create: { retryInterval: 0.02 } }, { status: 'retry', message: '', retryAfter: 0.01 }),
    0.01,
  );
  assert.equal(
    await waits({}, { status: 'failed', recoverable: true, message: 'x', retryAfter: 0.01 }),
    0.01,
  );
  const started = Date.now();
  await waits({}, { status: 'retry', message: '', retryAfter: 0.2 });
  assert.ok(Date.now() - started >= 190, 'the retry waited retry_after seconds');
});

test('after a failure nothing new starts, running operations finish, every failure is reported', async () => {
  // a and b run together; both fail. c is independent but queued behind them: it never starts.
  const plan = buildPlan({
    a: { operations: lifecycle(['create', 'configure']) },
    b: { operations: lifecycle(['create', 'configure']) },
    c: { operations: lifecycle(['create']) },
  });
  const { run } = await runner(plan);
  const executor = new RecordingExecutor(async (task) => {
    const subject = task.subject.kind === 'node' ? task.subject.instanceId : '';
    if (subject === 'c_0') return { status: 'succeeded' };
    await new Promise((resolve) => setTimeout(resolve, subject === 'a_0' ? 5 : 40));
    return { status: 'failed', recoverable: false, message: `${subject} broke` };
  });
  const error = await run(executor, 'install', { parallelism: 2 }).catch((e: unknown) => e);
  assert.ok(error instanceof WorkflowFailedError);
  assert.deepEqual(executor.log, ['a_0 create', 'b_0 create']);
  assert.deepEqual(
    error.failures.map((f) => f.message),
    ['a_0 broke', 'b_0 broke'],
  );
});
