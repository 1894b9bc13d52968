// Client of Cloudify's ctx proxy protocol (cloudify/proxy): `POST <CTX_SOCKET_URL>` with the JSON
// body `{"args": [...]}`; every reply is HTTP 200 with `{"type": "result"|"error"|"stop_operation",
// "payload": …}`. Bodies are written exactly as Cloudify's Python client writes them (ASCII JSON,
// Python separators); Cloudify's server decodes them as ASCII. Replies are read to the end of the
// response: Cloudify's server answers HTTP/1.0 without Content-Length and closes the connection;
// a server that allows keep-alive (cloudify-local's) gets its connections reused.
import http from 'node:http';
import { pythonJsonDumps } from './python-format.js';

export type CtxProxyResponse =
  | { type: 'result'; payload: unknown }
  | { type: 'stop_operation'; message: string }
  | { type: 'error'; errorType: string; message: string };

/** The proxy answered `error`: the path or call failed on the other side. */
export class CtxProxyError extends Error {
  /** The exception class on the proxy's side, e.g. `RuntimeError`. */
  readonly type: string;
  readonly args: readonly unknown[] | undefined;

  constructor(type: string, message: string, args?: readonly unknown[]) {
    super(message);
    this.name = 'CtxProxyError';
    this.type = type;
    this.args = args;
  }
}

/** The proxy answered `stop_operation` (after abort_operation or retry_operation). */
export class CtxProxyStopOperation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CtxProxyStopOperation';
  }
}

/** The proxy could not be reached or did not answer with the protocol. */
export class CtxProxyTransportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CtxProxyTransportError';
  }
}

class StaleConnectionError extends Error {}

export interface RequestOptions {
  timeoutMs?: number;
}

export interface CtxProxyClientOptions {
  /** Per-request timeout in milliseconds; default 30 s (Cloudify's `ctx -t` default). */
  timeoutMs?: number;
}

function textOf(value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function parseResponse(text: string): CtxProxyResponse {
  const body = JSON.parse(text) as { type?: unknown; payload?: unknown };
  const payload = body.payload as { message?: unknown; type?: unknown } | null | undefined;
  switch (body.type) {
    case 'result':
      return { type: 'result', payload: body.payload ?? null };
    case 'stop_operation':
      return { type: 'stop_operation', message: textOf(payload?.message, '') };
    case 'error':
      return {
        type: 'error',
        errorType: textOf(payload?.type, 'Error'),
        message: textOf(payload?.message, ''),
      };
    default:
      throw new Error(`unknown reply type ${JSON.stringify(body.type)}`);
  }
}

export class CtxProxyClient {
  readonly url: URL;
  readonly #agent: http.Agent;
  readonly #timeoutMs: number;

  constructor(socketUrl: string, options: CtxProxyClientOptions = {}) {
    let url: URL;
    try {
      url = new URL(socketUrl);
    } catch {
      throw new CtxProxyTransportError(`CTX_SOCKET_URL is not a URL: ${JSON.stringify(socketUrl)}`);
    }
    if (url.protocol !== 'http:') {
      throw new CtxProxyTransportError(
        `Unsupported ctx proxy URL ${socketUrl}: only http:// is supported (Cloudify removed the ZeroMQ transports)`,
      );
    }
    this.url = url;
    this.#agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Sends one request and returns the reply as it came. */
  send(args: readonly unknown[], options?: RequestOptions): Promise<CtxProxyResponse> {
    return this.sendBody(pythonJsonDumps({ args }), options);
  }

  /** Sends a request body as is (already encoded JSON, or anything else, for protocol tests). */
  async sendBody(body: string, options?: RequestOptions): Promise<CtxProxyResponse> {
    const text = await this.#post(body, options?.timeoutMs ?? this.#timeoutMs);
    try {
      return parseResponse(text);
    } catch (error) {
      throw new CtxProxyTransportError(
        `The ctx proxy at ${this.url.href} answered something that is not a ctx proxy reply: ${text.slice(0, 200)}`,
        { cause: error },
      );
    }
  }

  /** The `result` payload; throws CtxProxyError for `error` and CtxProxyStopOperation for `stop_operation`. */
  async call(args: readonly unknown[], options?: RequestOptions): Promise<unknown> {
    const response = await this.send(args, options);
    if (response.type === 'result') return response.payload;
    if (response.type === 'stop_operation') throw new CtxProxyStopOperation(response.message);
    throw new CtxProxyError(response.errorType, response.message, args);
  }

  /** Drops idle keep-alive connections. */
  close(): void {
    this.#agent.destroy();
  }

  async #post(body: string, timeoutMs: number): Promise<string> {
    const data = Buffer.from(body, 'utf8');
    try {
      return await this.#postOnce(data, timeoutMs);
    } catch (error) {
      // A kept-alive connection the server closed while idle: the request never reached it.
      if (!(error instanceof StaleConnectionError)) throw error;
      return this.#postOnce(data, timeoutMs);
    }
  }

  #postOnce(data: Buffer, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        this.url,
        {
          method: 'POST',
          agent: this.#agent,
          timeout: timeoutMs,
          headers: { 'Content-Type': 'application/json', 'Content-Length': data.length },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => reject(this.#transportError(error)));
          response.on('end', () => {
            if (response.statusCode !== 200) {
              reject(
                new CtxProxyTransportError(
                  `The ctx proxy at ${this.url.href} answered HTTP ${response.statusCode}`,
                ),
              );
              return;
            }
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        },
      );
      request.on('timeout', () => {
        request.destroy(
          new CtxProxyTransportError(
            `The ctx proxy at ${this.url.href} did not answer within ${timeoutMs} ms`,
          ),
        );
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        const stale = request.reusedSocket && error.code === 'ECONNRESET';
        reject(stale ? new StaleConnectionError() : this.#transportError(error));
      });
      request.end(data);
    });
  }

  #transportError(error: Error): CtxProxyTransportError {
    if (error instanceof CtxProxyTransportError) return error;
    return new CtxProxyTransportError(`Could not reach the ctx proxy at ${this.url.href}: ${error.message}`, {
      cause: error,
    });
  }
}
