import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from 'cloudify-plugin-sdk/testing';
import { stop } from '../../src/operations/stop.js';
import { runtimeOf, webServerContext } from '../webserver-context.js';

test('stop logs "not running" when start recorded no server', async () => {
  const ctx = webServerContext('stop', await freePort());
  await stop(ctx);
  assert.deepEqual(ctx.logs, [
    { level: 'info', message: 'The web server is not running (start recorded no server)' },
  ]);
});

test('stop leaves alone a process that is not the recorded server', async () => {
  const port = await freePort();
  const ctx = webServerContext('stop', port, {
    runtimeProperties: { pid: process.pid, port, token: 'not-the-token' },
  });
  await stop(ctx);
  assert.match(
    ctx.logs[0]?.message ?? '',
    new RegExp(`not running \\(pid ${process.pid} is gone or is another process\\)`),
  );
  assert.deepEqual(runtimeOf(ctx), {});
});
