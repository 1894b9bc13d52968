// The plugin's operations, mapped in plugin.yaml to the lifecycle of the web server node type.
import { rm } from 'node:fs/promises';
import { NonRecoverableError, operation, type NodeOperationContext } from 'cloudify-plugin-sdk';
import {
  createWebRoot,
  isOurServer,
  newToken,
  spawnServer,
  stopServer,
  waitUntilServing,
  type ServerIdentity,
  type SpawnedServer,
} from './webserver.js';

/** The node properties (plugin.yaml). */
export type WebServerProperties = { port: number };

/** What start records, for stop and for the blueprint's outputs. */
export type WebServerRuntime = {
  webroot?: string;
  pid?: number;
  port?: number;
  /** Proves that a process on `port` is the one start launched. */
  token?: string;
  /** When the first attempt began (ms since the epoch): bounds the wait across retries. */
  startedAt?: number;
  url?: string;
};

type WebServerContext = NodeOperationContext<WebServerProperties, WebServerRuntime>;

/** How long one attempt waits for the server to answer before asking Cloudify to retry. */
const ATTEMPT_WAIT_MS = 3_000;
/** Seconds between attempts. */
const RETRY_AFTER_SECONDS = 2;
/** Gives up after this long, even when retries are unlimited (max_retries: -1). */
const START_DEADLINE_MS = 60_000;

function checkPort(value: unknown): number {
  const port = typeof value === 'string' ? Number(value) : value;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new NonRecoverableError(
      `The port property is ${JSON.stringify(value)}: set it to a whole number from 1 to 65535.`,
    );
  }
  return port;
}

function recordedServer(runtime: WebServerRuntime): ServerIdentity | undefined {
  const { pid, port, token } = runtime;
  return pid !== undefined && port !== undefined && token !== undefined
    ? { pid, port, token }
    : undefined;
}

function forgetServer(runtime: WebServerRuntime): void {
  for (const key of ['webroot', 'pid', 'port', 'token', 'startedAt', 'url'] as const) {
    delete runtime[key];
  }
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
export const start = operation<WebServerProperties, WebServerRuntime>(async (ctx) => {
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

/** Stops the server that start launched (and only that process), and removes its web root. */
export const stop = operation<WebServerProperties, WebServerRuntime>(async (ctx) => {
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
