// A static-file web server that runs as a detached process of its own, and the helpers that start,
// recognise and stop it. The server code ships inside the plugin: in the bundle (plugin.mjs) this
// module is part of the single file Cloudify's script runner starts, so that file starts the server.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, readFileSync, realpathSync } from 'node:fs';
import { mkdtemp, realpath, stat, writeFile } from 'node:fs/promises';
import {
  createServer,
  get,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, sep } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** First argument of a server process: serve files instead of running an operation. */
export const SERVE_MARKER = '--serve-static';
/** Answers only a client that sends the server's token: how start and stop recognise their server. */
const IDENTITY_PATH = '/.well-known/cloudify-webserver';
const TOKEN_HEADER = 'x-webserver-token';

/** What identifies one server process: stored in runtime properties by start, used by stop. */
export interface ServerIdentity {
  pid: number;
  port: number;
  token: string;
}

export function newToken(): string {
  return randomBytes(16).toString('hex');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A new temporary folder holding an index.html page. */
export async function createWebRoot(title: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'cloudify-webserver-'));
  const page = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
  <body><h1>${escapeHtml(title)}</h1><p>Served by a Cloudify plugin written in TypeScript.</p></body>
</html>
`;
  await writeFile(join(root, 'index.html'), page);
  return root;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
};

function reply(
  response: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
): void {
  response.writeHead(status, { 'content-type': type }).end(body);
}

/** The file a URL path names inside `root`, or undefined when it is missing or outside the root. */
async function resolveFile(root: string, urlPath: string): Promise<string | undefined> {
  try {
    let file = await realpath(join(root, decodeURIComponent(urlPath)));
    if ((await stat(file)).isDirectory()) file = await realpath(join(file, 'index.html'));
    const inside = file.startsWith(root + sep);
    return inside && (await stat(file)).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function handle(
  root: string,
  token: string,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  // One request per connection: nothing keeps a client (or this server, when stopping) waiting.
  response.setHeader('connection', 'close');
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  if (pathname === IDENTITY_PATH) {
    if (request.headers[TOKEN_HEADER] === token)
      reply(response, 200, JSON.stringify({ pid: process.pid }), 'application/json');
    else reply(response, 404, 'Not found\n');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    reply(response, 405, 'Method not allowed\n');
    return;
  }
  void resolveFile(root, pathname).then((file) => {
    if (!file) return reply(response, 404, 'Not found\n');
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    });
    if (request.method === 'HEAD') response.end();
    else
      createReadStream(file)
        .on('error', () => response.destroy())
        .pipe(response);
  });
}

/** Serves the files under `root` on `port` (all interfaces); `token` unlocks the identity path. */
export function serveStatic(root: string, port: number, token: string): Promise<Server> {
  const realRoot = realpathSync(root);
  const server = createServer((request, response) => handle(realRoot, token, request, response));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

/** The argv of a server process: this very file (the bundle, or the .ts source under tsx) + marker. */
export function serverArgv(root: string, port: number, token: string): string[] {
  const self = fileURLToPath(import.meta.url);
  const loader = self.endsWith('.ts') ? ['--import', import.meta.resolve('tsx/esm')] : [];
  return [...loader, self, SERVE_MARKER, root, String(port), token];
}

export interface SpawnedServer {
  pid: number;
  /** Settles when the process ends, e.g. at once when the port is taken. */
  exited: Promise<void>;
}

/** Starts a server process that outlives this one: detached, no shell, no inherited stdio. */
export function spawnServer(root: string, port: number, token: string): SpawnedServer {
  const child = spawn(process.execPath, serverArgv(root, port, token), {
    detached: true,
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  child.unref();
  if (child.pid === undefined)
    throw new Error(`Could not start ${process.execPath} for the web server`);
  return { pid: child.pid, exited };
}

/** The pid of the server that answers on `port` with `token`, if one does. */
export function probeServer(
  port: number,
  token: string,
  timeoutMs = 1000,
): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = get(
      {
        host: '127.0.0.1',
        port,
        path: IDENTITY_PATH,
        headers: { [TOKEN_HEADER]: token },
        agent: false,
        timeout: timeoutMs,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          try {
            const { pid } = JSON.parse(body) as { pid?: unknown };
            resolve(response.statusCode === 200 && typeof pid === 'number' ? pid : undefined);
          } catch {
            resolve(undefined);
          }
        });
      },
    );
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

/** On Linux, a process that has not answered yet is still recognised by the token in its argv. */
function commandLineHasToken(pid: number, token: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(token);
  } catch {
    return false;
  }
}

/** Whether `pid` is still our server (and not, say, a new process that got the same pid). */
export async function isOurServer({ pid, port, token }: ServerIdentity): Promise<boolean> {
  return (await probeServer(port, token)) === pid || commandLineHasToken(pid, token);
}

/** Polls until the server answers (true), its process ends or the time is up (false). */
export async function waitUntilServing(
  identity: ServerIdentity,
  timeoutMs: number,
  exited?: Promise<void>,
): Promise<boolean> {
  let ended = false;
  void exited?.then(() => (ended = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await probeServer(identity.port, identity.token, 500)) === identity.pid) return true;
    if (ended || Date.now() >= deadline) return false;
    await delay(100);
  }
}

async function waitUntilGone(identity: ServerIdentity, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await isOurServer(identity)) {
    if (Date.now() >= deadline) return false;
    await delay(100);
  }
  return true;
}

/** Stops that server process and only that one. false: it was not running. */
export async function stopServer(identity: ServerIdentity): Promise<boolean> {
  if (!(await isOurServer(identity))) return false;
  signal(identity.pid, 'SIGTERM');
  if (!(await waitUntilGone(identity, 5000))) {
    signal(identity.pid, 'SIGKILL');
    await waitUntilGone(identity, 2000);
  }
  return true;
}

/** Sends a signal; a process that has ended meanwhile is what we wanted anyway. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** True in a server process (started by spawnServer), where no operation must run. */
export function isServerProcess(argv: readonly string[] = process.argv): boolean {
  return argv[2] === SERVE_MARKER;
}

function isThisFileTheEntry(): boolean {
  try {
    return (
      process.argv[1] !== undefined &&
      realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))
    );
  } catch {
    return false;
  }
}

async function runServerProcess([root, port, token]: string[]): Promise<void> {
  if (root === undefined || port === undefined || token === undefined) {
    throw new Error(`usage: ${SERVE_MARKER} <root> <port> <token>`);
  }
  const server = await serveStatic(root, Number(port), token);
  const shutDown = (): void => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGTERM', shutDown);
  process.once('SIGINT', shutDown);
}

if (isServerProcess() && isThisFileTheEntry()) await runServerProcess(process.argv.slice(3));
