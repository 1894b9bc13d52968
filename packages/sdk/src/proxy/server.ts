// The local ctx-proxy server: ONE HTTP server on 127.0.0.1 for a whole run, where each running
// operation gets its own endpoint at an unguessable path (CTX_SOCKET_URL =
// http://127.0.0.1:<port>/<128-bit token>). Cloudify's own proxy registers one global route, so
// two concurrent operations in one worker can see each other's ctx; endpoints here cannot.
// Replies are HTTP 200 application/json like Cloudify's, an unknown or finished endpoint included
// (an error payload names the problem); keep-alive and `Connection: close` both work.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorResponse } from './protocol.js';
import { PythonError } from './python/errors.js';

/** Answers one request body (the JSON text) with the response body. */
export type CtxRequestHandler = (body: string) => Promise<string>;

export interface CtxProxyEndpoint {
  /** The value for CTX_SOCKET_URL. */
  readonly url: string;
  /** Stops serving: later requests to this URL get an error reply. */
  close(): void;
}

export interface CtxProxyServerOptions {
  /** Largest accepted request body; default 64 MiB. */
  maxBodyBytes?: number;
}

const HOST = '127.0.0.1';

/** Requests of one operation are answered one at a time, in arrival order. */
function serialised(handler: CtxRequestHandler): CtxRequestHandler {
  let tail: Promise<unknown> = Promise.resolve();
  return (body) => {
    const answer = tail.then(() => handler(body));
    tail = answer.catch(() => undefined);
    return answer;
  };
}

export class CtxProxyServer {
  private readonly endpoints = new Map<string, CtxRequestHandler>();
  private readonly maxBodyBytes: number;

  private constructor(
    private readonly server: Server,
    options: CtxProxyServerOptions,
  ) {
    this.maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
    server.on('request', (request: IncomingMessage, response: ServerResponse) =>
      this.handle(request, response),
    );
  }

  static async start(options: CtxProxyServerOptions = {}): Promise<CtxProxyServer> {
    const server = createServer({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // Idle keep-alive sockets must not keep the process alive after the run.
    server.unref();
    return new CtxProxyServer(server, options);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Number of endpoints still registered (operations running). */
  get activeEndpoints(): number {
    return this.endpoints.size;
  }

  register(handler: CtxRequestHandler): CtxProxyEndpoint {
    const token = randomBytes(16).toString('hex');
    this.endpoints.set(token, serialised(handler));
    return {
      url: `http://${HOST}:${this.port}/${token}`,
      close: () => {
        this.endpoints.delete(token);
      },
    };
  }

  async close(): Promise<void> {
    this.endpoints.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const token = (request.url ?? '/').split('?')[0]?.slice(1) ?? '';
    const handler = this.endpoints.get(token);
    if (request.method !== 'POST') {
      request.resume();
      reply(response, 405, protocolError(`the ctx proxy only answers POST requests, not ${request.method}`));
      return;
    }
    if (!handler) {
      request.resume();
      reply(
        response,
        200,
        protocolError(
          'no running operation at this ctx proxy address: the operation has finished, or CTX_SOCKET_URL is wrong',
        ),
      );
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= this.maxBodyBytes) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > this.maxBodyBytes) {
        reply(response, 413, protocolError(`request body larger than ${this.maxBodyBytes} bytes`));
        return;
      }
      let body: string;
      try {
        body = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
      } catch {
        reply(
          response,
          200,
          errorResponse(new PythonError('UnicodeDecodeError', "'utf-8' codec can't decode the request body")),
        );
        return;
      }
      handler(body).then(
        (answer) => reply(response, 200, answer),
        (error: unknown) => reply(response, 200, errorResponse(error)),
      );
    });
  }
}

function protocolError(message: string): string {
  return errorResponse(new PythonError('CtxProxyError', message));
}

function reply(response: ServerResponse, status: number, body: string): void {
  if (response.destroyed) return;
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}
