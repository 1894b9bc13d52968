// A test stand-in for Cloudify's script-runner ctx proxy: a real HTTP server on port 0 that answers
// the protocol from a ctx object graph (plain data + functions), walking args the way Cloudify's
// process_ctx_request does for the cases tests use, and records every request body.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type CtxReply =
  | { type: 'result'; payload: unknown }
  | { type: 'stop_operation'; payload: { message: string } }
  | { type: 'error'; payload: { type: string; message: string; traceback: string } };

/** Makes a member answer an `error` reply, like a Python exception in the proxy. */
export class ProxyFailure extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export interface FakeCtxProxy {
  url: string;
  /** Every parsed request body, in arrival order. */
  requests: unknown[][];
  /** Raw request bodies. */
  bodies: string[];
  close(): Promise<void>;
}

function errorReply(type: string, message: string): CtxReply {
  return { type: 'error', payload: { type, message, traceback: '<test traceback>' } };
}

type Fn = (...args: unknown[]) => unknown;

function isMapping(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof ProxyFailure)
  );
}

/** Cloudify's path walk, reduced to what the tests need. */
export function evaluate(root: Record<string, unknown>, args: unknown[]): unknown {
  let current: unknown = root;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (typeof current === 'function') return call(current as Fn, args.slice(index));
    if (!isMapping(current))
      throw new ProxyFailure('RuntimeError', `${String(arg)} cannot be processed in ${JSON.stringify(args)}`);
    const key = String(arg);
    if (key in current) {
      current = current[key];
      if (current instanceof ProxyFailure) throw current;
      continue;
    }
    const dict = current;
    if (key === 'update')
      return call((changes: unknown) => void Object.assign(dict, changes), args.slice(index + 1));
    if (key === 'pop') return call((name: unknown) => popKey(dict, String(name)), args.slice(index + 1));
    if (index === args.length - 1) throw new ProxyFailure('RuntimeError', `illegal path: ${key}`);
    if (index === args.length - 2) {
      dict[key] = args[index + 1];
      return null;
    }
    throw new ProxyFailure('RuntimeError', 'Illegal argument while accessing dict');
  }
  return typeof current === 'function' ? (current as Fn)() : current;
}

function popKey(dict: Record<string, unknown>, key: string): unknown {
  if (!(key in dict)) throw new ProxyFailure('KeyError', `'${key}'`);
  const value = dict[key];
  delete dict[key];
  return value;
}

function call(fn: Fn, args: unknown[]): unknown {
  const last = args.at(-1);
  // A final dict is keyword arguments; tests only ever pass {} that way.
  const positional = isMapping(last) && Object.keys(last).length === 0 ? args.slice(0, -1) : args;
  return fn(...positional);
}

export class StopOperation {
  constructor(readonly message: string) {}
}

async function reply(root: Record<string, unknown>, body: string): Promise<CtxReply> {
  let parsed: { args: unknown[] };
  try {
    parsed = JSON.parse(body) as { args: unknown[] };
  } catch {
    return errorReply('JSONDecodeError', 'Expecting value: line 1 column 1 (char 0)');
  }
  try {
    const value = await evaluate(root, parsed.args);
    if (value instanceof StopOperation)
      return { type: 'stop_operation', payload: { message: value.message } };
    return { type: 'result', payload: value ?? null };
  } catch (error) {
    if (error instanceof ProxyFailure) return errorReply(error.type, error.message);
    return errorReply('RuntimeError', (error as Error).message);
  }
}

/** Serves `root` as the ctx of one operation. */
export async function startFakeCtxProxy(root: Record<string, unknown>): Promise<FakeCtxProxy> {
  const requests: unknown[][] = [];
  const bodies: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      bodies.push(body);
      try {
        requests.push((JSON.parse(body) as { args: unknown[] }).args);
      } catch {
        requests.push([body]);
      }
      void reply(root, body).then((answer) => {
        const text = JSON.stringify(answer);
        response.writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(text),
        });
        response.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    bodies,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The script runner's three callables: returns, abort_operation, retry_operation (once only). */
export function scriptRunnerCallables(outcome: {
  value?: unknown;
  stop?: string;
  retryAfter?: unknown;
}): Record<string, Fn> {
  let done = false;
  const once = (): void => {
    if (done) throw new ProxyFailure('RuntimeError', 'ctx may only abort or return once');
    done = true;
  };
  return {
    returns: (value: unknown) => {
      once();
      outcome.value = value;
      return null;
    },
    abort_operation: (message: unknown) => {
      once();
      outcome.stop = String(message);
      return new StopOperation(String(message));
    },
    retry_operation: (message: unknown, retryAfter: unknown) => {
      once();
      outcome.stop = String(message);
      outcome.retryAfter = retryAfter;
      return new StopOperation(String(message));
    },
  };
}
