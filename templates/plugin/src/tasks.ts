// The plugin's operations, under the names plugin.yaml runs them with (`args: [<name>]`): start
// and stop of the web server node type. `yo cloudify-plugin:operation <name>` (or
// `npx create-cloudify-plugin operation <name>`) writes a new one to src/operations/<name>.ts and
// adds its export line at the end of this file.
import { rm } from 'node:fs/promises';
import { NonRecoverableError, operation } from 'cloudify-plugin-sdk';
import {
  forgetServer,
  recordedServer,
  type WebServerContext,
  type WebServerNode,
  type WebServerRuntime,
} from './webserver-node.js';
import {
  createWebRoot,
  isOurServer,
  newToken,
  spawnServer,
  stopServer,
  waitUntilServing,
  type SpawnedServer,
} from './webserver.js';

/** How long one attempt waits for the server to answer before asking Cloudify to retry. */
const ATTEMPT_WAIT_MS = 3_000;
/** Seconds between attempts. */
const RETRY_AFTER_SECONDS = 2;
/** Gives up after this long, even when retries are unlimited (max_retries: -1). */
const START_DEADLINE_MS = 60_000;

/** plugin.yaml declares `port` an integer, but a blueprint can still pass anything: check it. */
function checkPort(value: unknown): number {
  const port = typeof value === 'string' ? Number(value) : value;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new NonRecoverableError(
      `The port property is ${JSON.stringify(value)}: set it to a whole number from 1 to 65535.`,
    );
  }
  return port;
}

function outOfAttempts(ctx: WebServerContext, startedAt: number): boolean {
  const { retryNumber, maxRetries } = ctx.operation;
  return (
    (maxRetries >= 0 && retryNumber >= maxRetries) || Date.now() - startedAt >= START_DEADLINE_MS
  );
}

/**
 * Starts a static web server on the `port` property, serving a new temporary web root. While the
 * server does not answer yet, asks Cloudify to retry; when the attempts are used up, gives up.
 */
export const start = operation<
  WebServerNode['properties'],
  WebServerRuntime,
  WebServerNode['inputs']['start']
>(async (ctx) => {
  const port = checkPort(ctx.node.properties.port);
  const runtime = ctx.instance.runtimeProperties;
  const startedAt =
    ctx.operation.retryNumber === 0 || runtime.startedAt === undefined
      ? Date.now()
      : runtime.startedAt;
  runtime.startedAt = startedAt;
  runtime.webroot ??= await createWebRoot(`${ctx.node.name} (${ctx.instance.id})`);

  let server = recordedServer(runtime);
  let spawned: SpawnedServer | undefined;
  if (!server || server.port !== port || !(await isOurServer(server))) {
    const token = newToken();
    spawned = spawnServer(runtime.webroot, port, token);
    server = { pid: spawned.pid, port, token };
    Object.assign(runtime, server);
    ctx.logger.info(
      `Started the web server (pid ${server.pid}) for ${runtime.webroot} on port ${port}`,
    );
  }

  if (await waitUntilServing(server, ATTEMPT_WAIT_MS, spawned?.exited)) {
    delete runtime.startedAt;
    runtime.url = `http://localhost:${port}/`;
    ctx.logger.info(`The web server answers on ${runtime.url}`);
    return;
  }
  if (outOfAttempts(ctx, startedAt)) {
    await stopServer(server);
    await rm(runtime.webroot, { recursive: true, force: true });
    forgetServer(runtime);
    throw new NonRecoverableError(
      `The web server did not answer on port ${port} after ${ctx.operation.retryNumber + 1} attempts: ` +
        'is another process using that port? Free it or set another port property.',
    );
  }
  return ctx.operation.retry(
    `Waiting for the web server to answer on port ${port}`,
    RETRY_AFTER_SECONDS,
  );
});

/**
 * Stops the server that start launched (and only that process), and removes its web root.
 */
export const stop = operation<
  WebServerNode['properties'],
  WebServerRuntime,
  WebServerNode['inputs']['stop']
>(async (ctx) => {
  const runtime = ctx.instance.runtimeProperties;
  const server = recordedServer(runtime);
  if (server && (await stopServer(server))) {
    ctx.logger.info(`Stopped the web server (pid ${server.pid}) on port ${server.port}`);
  } else {
    ctx.logger.info(
      server
        ? `The web server is not running (pid ${server.pid} is gone or is another process)`
        : 'The web server is not running (start recorded no server)',
    );
  }
  if (runtime.webroot) await rm(runtime.webroot, { recursive: true, force: true });
  forgetServer(runtime);
});
