// The plugin process entry (runPlugin) as a real process against a ctx proxy test server. The
// fixture plugin is bundled once (as `cloudify-plugin package` does) so each process starts fast.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundleEntry } from '../../src/packaging/bundle.js';
import { startFakeCtxProxy } from './helpers/fake-ctx-proxy.js';
import {
  FIRST_ROUND,
  FIXTURE_MAIN,
  FIXTURE_PLUGIN,
  nodeOperationCtx,
  relationshipOperationCtx,
  subjectReads,
  type RunnerOutcome,
} from './helpers/plugin-fixture.js';
import { cleanEnv, runNode, type ProcessResult } from './helpers/processes.js';

const sortKey = (args: unknown[]): string => JSON.stringify(args);

let bundleDir = '';
let plugin = '';

before(async () => {
  bundleDir = await mkdtemp(join(tmpdir(), 'sdk-entry-test-'));
  plugin = join(bundleDir, 'plugin.mjs');
  await writeFile(plugin, (await bundleEntry(FIXTURE_MAIN, FIXTURE_PLUGIN)).code);
});

after(async () => {
  await rm(bundleDir, { recursive: true, force: true });
});

/** Runs one operation of the fixture plugin; returns the process result and the requests after start-up. */
async function runOperation(
  operationName: string,
  root: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
  startupReads: unknown[][] = FIRST_ROUND,
): Promise<ProcessResult & { requests: unknown[][] }> {
  const proxy = await startFakeCtxProxy(root);
  try {
    const result = await runNode([plugin, operationName], {
      env: cleanEnv({ ...env, CTX_SOCKET_URL: proxy.url }),
    });
    const startup = proxy.requests.slice(0, startupReads.length);
    assert.deepEqual(startup.map(sortKey).sort(), startupReads.map(sortKey).sort(), 'start-up reads');
    return { ...result, requests: proxy.requests.slice(startupReads.length) };
  } finally {
    await proxy.close();
  }
}

describe('runPlugin in a real process', { concurrency: 4 }, () => {
  test('success: saves every kind of change, then returns the value', async () => {
    const outcome: RunnerOutcome = {};
    const root = nodeOperationCtx(outcome, { obsolete: 'x', counter: 1 });
    const run = await runOperation('start', root, { who: 'world', tags: '["x", "y"]' });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.requests, [
      ['logger', 'info', 'starting on port 8080'],
      ['instance', 'runtime_properties', 'update', { endpoint: { port: 8080, hosts: ['a', 'b'] } }, {}],
      ['instance', 'runtime_properties', 'pop', 'obsolete'],
      ['returns', { greeting: 'hello world', tags: ['x', 'y'] }, {}],
    ]);
    assert.deepEqual(outcome.value, { greeting: 'hello world', tags: ['x', 'y'] });
    assert.deepEqual(root.instance.runtime_properties, {
      counter: 1,
      endpoint: { port: 8080, hosts: ['a', 'b'] },
    });
  });

  test('success without a value: no returns; the ambient ctx works', async () => {
    const run = await runOperation('stop', nodeOperationCtx({}));
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.requests, [['logger', 'debug', 'stopping web_a1b2c3']]);
  });

  test('NonRecoverableError: runtime properties saved, then abort_operation', async () => {
    const outcome: RunnerOutcome = {};
    const run = await runOperation('abort', nodeOperationCtx(outcome));
    assert.equal(run.code, 1);
    assert.deepEqual(run.requests, [
      ['instance', 'runtime_properties', 'update', { before_failure: true }, {}],
      ['abort_operation', 'it broke'],
    ]);
    assert.equal(outcome.stop, 'it broke');
  });

  test('ctx.operation.retry: retry_operation with a numeric retry_after', async () => {
    const outcome: RunnerOutcome = {};
    const run = await runOperation('retry', nodeOperationCtx(outcome));
    assert.equal(run.code, 1);
    assert.deepEqual(run.requests, [['retry_operation', 'not yet', 5]]);
    assert.equal(outcome.retryAfter, 5);
  });

  test('RecoverableError with retryAfter: retry_operation', async () => {
    const run = await runOperation('recoverable', nodeOperationCtx({}));
    assert.equal(run.code, 1);
    assert.deepEqual(run.requests, [['retry_operation', 'try later', 7]]);
  });

  test('an unknown error: logged with its stack, exit 1 (Cloudify retries it)', async () => {
    const run = await runOperation('crash', nodeOperationCtx({}));
    assert.equal(run.code, 1);
    assert.equal(run.requests.length, 1);
    const [logger, level, message] = run.requests[0] ?? [];
    assert.deepEqual([logger, level], ['logger', 'error']);
    assert.match(
      String(message),
      /^Operation 'crash' failed \(Cloudify will retry it\): TypeError: boom\n\s+at /,
    );
  });

  test('a member the proxy cannot answer fails where it is used, non-recoverably', async () => {
    const outcome: RunnerOutcome = {};
    const run = await runOperation('hostIp', nodeOperationCtx(outcome));
    assert.equal(run.code, 1);
    assert.deepEqual(run.requests, [
      ['abort_operation', 'could not find ip for node instance: web_a1b2c3 with host id: None'],
    ]);
  });

  test('a relationship operation reads both ends and saves both', async () => {
    const outcome: RunnerOutcome = {};
    const root = relationshipOperationCtx(outcome);
    const reads = [...FIRST_ROUND, ...subjectReads(['source']), ...subjectReads(['target'])];
    const run = await runOperation('link', root, {}, reads);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.requests, [
      ['source', 'instance', 'runtime_properties', 'update', { target_port: 5432 }, {}],
      ['target', 'instance', 'runtime_properties', 'update', { source_id: 'web_a1b2c3' }, {}],
    ]);
    assert.deepEqual(root.source.instance.runtime_properties, { target_port: 5432 });
  });

  test('a node operation called in a relationship context is aborted', async () => {
    const reads = [...FIRST_ROUND, ...subjectReads(['source']), ...subjectReads(['target'])];
    const run = await runOperation('stop', relationshipOperationCtx({}), {}, reads);
    assert.equal(run.code, 1);
    const [method, message] = run.requests[0] ?? [];
    assert.equal(method, 'abort_operation');
    assert.match(
      String(message),
      /needs a node-instance context but was called with a relationship-instance context/,
    );
  });

  test('an unknown operation: usage on stderr with the operations, exit 2', async () => {
    const run = await runNode([plugin, 'nope'], {
      env: cleanEnv({ CTX_SOCKET_URL: 'http://127.0.0.1:9/' }),
    });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Unknown operation 'nope'/);
    assert.match(run.stderr, /Operations: abort, crash, hostIp, link, recoverable, retry, start, stop\n/);
  });

  test('an export that is not an operation is named as such', async () => {
    const run = await runNode([plugin, 'notAnOperation'], {
      env: cleanEnv({ CTX_SOCKET_URL: 'http://127.0.0.1:9/' }),
    });
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /'notAnOperation' is exported but is not an operation: wrap it with operation\(\)/,
    );
  });

  test('no CTX_SOCKET_URL: exit 2 with an explanation', async () => {
    const run = await runNode([plugin, 'start'], { env: cleanEnv() });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /CTX_SOCKET_URL is not set/);
  });

  test('an unreachable proxy: exit 1 with the reason', async () => {
    const run = await runNode([plugin, 'start'], {
      env: cleanEnv({ CTX_SOCKET_URL: 'http://127.0.0.1:9/' }),
    });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /Operation 'start' could not run: Could not reach the ctx proxy at http:\/\/127\.0\.0\.1:9\//,
    );
  });
});
