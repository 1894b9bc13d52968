// Unit tests of start and stop (src/tasks.ts), run in-process with MockCloudifyContext.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { NonRecoverableError, OperationRetry } from 'cloudify-plugin-sdk';
import { freePort } from 'cloudify-plugin-sdk/testing';
import { start, stop } from '../src/tasks.js';
import type { WebServerRuntime } from '../src/webserver-node.js';
import { MAX_RETRIES, runtimeOf, webServerContext } from './webserver-context.js';

/** A port that some other server holds, so that ours cannot listen on it. */
async function takenPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const server = createServer((_request, response) => response.end('someone else'));
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    release: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('start serves a new web root on the port and records it; stop ends that server', async () => {
  const port = await freePort();
  const starting = webServerContext('start', port);
  await start(starting);

  const runtime = runtimeOf(starting);
  assert.equal(runtime.port, port);
  assert.equal(typeof runtime.pid, 'number');
  assert.equal(runtime.url, `http://localhost:${port}/`);
  assert.ok(runtime.webroot && existsSync(join(runtime.webroot, 'index.html')));
  assert.deepEqual(starting.savedRuntimeProperties.at(-1), runtime);
  const page = await fetch(`http://127.0.0.1:${port}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<h1>webserver \(webserver_[a-z0-9]{6}\)<\/h1>/);

  const stopping = webServerContext('stop', port, { runtimeProperties: { ...runtime } });
  await stop(stopping);
  assert.deepEqual(runtimeOf(stopping), {});
  assert.equal(existsSync(runtime.webroot), false);
  assert.ok(
    stopping.logs.some((line) =>
      line.message.startsWith(`Stopped the web server (pid ${runtime.pid})`),
    ),
  );
  await assert.rejects(fetch(`http://127.0.0.1:${port}/`));
});

test('start asks for a retry while the server does not answer on its port', async (t) => {
  const { port, release } = await takenPort();
  t.after(release);
  const ctx = webServerContext('start', port);
  t.after(() => rm(runtimeOf(ctx).webroot ?? '', { recursive: true, force: true }));

  await assert.rejects(start(ctx), OperationRetry);
  assert.deepEqual(ctx.retries, [
    { message: `Waiting for the web server to answer on port ${port}`, retryAfter: 2 },
  ]);
  // What the next attempt needs is saved, although the operation ended with a retry request.
  const saved = ctx.savedRuntimeProperties.at(-1) as WebServerRuntime;
  assert.equal(saved.port, port);
  assert.ok(saved.webroot && existsSync(saved.webroot));
});

test('start gives up with NonRecoverableError once the retries are used up', async (t) => {
  const { port, release } = await takenPort();
  t.after(release);
  const ctx = webServerContext('start', port, { retryNumber: MAX_RETRIES });

  await assert.rejects(start(ctx), (error) => {
    assert.ok(error instanceof NonRecoverableError);
    assert.match(
      error.message,
      new RegExp(`did not answer on port ${port} after ${MAX_RETRIES + 1} attempts`),
    );
    return true;
  });
  assert.deepEqual(ctx.retries, []);
  assert.deepEqual(runtimeOf(ctx), {}, 'nothing is left behind');
});

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
