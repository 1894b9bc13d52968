import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatEvent, formatSummary, timestamp } from '../../src/workflows/event-format.js';

const now = new Date(2025, 4, 6, 10, 11, 12, 345);
const line = (event: Parameters<typeof formatEvent>[0], verbose = false) =>
  formatEvent(event, { deploymentId: 'local', now, verbose });

test('event lines follow Cloudify local format', () => {
  assert.equal(timestamp(now), '2025-05-06 10:11:12.345');
  const at = '2025-05-06 10:11:12.345  ';
  assert.equal(
    line({ type: 'workflow_started', workflowId: 'install', executionId: 'e' }),
    `${at}CFY <local> Starting 'install' workflow execution`,
  );
  assert.equal(
    line({ type: 'instance_event', instanceId: 'web_a1b2c3', message: 'Creating node instance' }),
    `${at}CFY <local> [web_a1b2c3] Creating node instance`,
  );
  const op = 'cloudify.interfaces.lifecycle.create';
  assert.equal(
    line({ type: 'task_started', subject: 'web_a1b2c3', operation: op, attempt: 2 }),
    `${at}CFY <local> [web_a1b2c3.create] Task started (attempt 2)`,
  );
  assert.equal(
    line({
      type: 'task_rescheduled',
      subject: 'web_a1b2c3',
      operation: op,
      attempt: 1,
      message: 'wait',
      retryIn: 30,
    }),
    `${at}CFY <local> [web_a1b2c3.create] Task rescheduled: wait [retrying in 30 s]`,
  );
  assert.equal(
    line({
      type: 'task_failed',
      subject: 'a->b',
      operation: 'x.y.establish',
      attempt: 1,
      message: 'no',
      kind: 'non_recoverable',
    }),
    `${at}CFY <local> [a->b|establish] Task failed (non-recoverable): no`,
  );
  assert.equal(
    line({ type: 'log', subject: 'web_a1b2c3', operation: op, level: 'info', message: 'hi' }),
    `${at}LOG <local> [web_a1b2c3.create] INFO: hi`,
  );
});

test('debug logs and state changes only with verbose', () => {
  const debug = { type: 'log', subject: 's', operation: 'o', level: 'debug', message: 'm' } as const;
  const state = { type: 'state_changed', instanceId: 'web_a1b2c3', state: 'created' } as const;
  assert.equal(line(debug), undefined);
  assert.equal(line(state), undefined);
  assert.match(line(debug, true) ?? '', /DEBUG: m$/);
  assert.match(line(state, true) ?? '', /\[web_a1b2c3\] State: created$/);
});

test('the summary names every failure', () => {
  const text = formatSummary({
    executionId: 'e',
    workflowId: 'install',
    status: 'failed',
    parameters: {},
    operations: 7,
    retries: 1,
    durationMs: 1234,
    failures: [
      {
        workflow: 'install',
        kind: 'recoverable',
        message: 'refused; no retries left (max_retries 1)',
        attempt: 2,
        node: 'web',
        instance: 'web_a1b2c3',
        operation: 'cloudify.interfaces.lifecycle.start',
      },
    ],
  });
  assert.equal(
    text,
    'install failed: 7 operations run, 1 retry, 1 failure in 1.23 s\n' +
      '  - web_a1b2c3 cloudify.interfaces.lifecycle.start (attempt 2, recoverable): refused; no retries left (max_retries 1)',
  );
});
