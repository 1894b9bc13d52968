// The ctx-proxy client against every recorded transcript, on real sockets.
import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, test } from 'node:test';
import {
  CtxProxyClient,
  CtxProxyError,
  CtxProxyStopOperation,
  CtxProxyTransportError,
  type CtxProxyResponse,
} from '../../src/proxy/client.js';
import { pythonJsonDumps } from '../../src/proxy/python-format.js';
import { jsonlTranscripts, rawExchanges, type TranscriptLine } from './helpers/transcripts.js';

/** The client's view of a recorded reply. */
function expectedResponse(line: TranscriptLine): CtxProxyResponse {
  const payload = line.response.payload as { message?: string; type?: string };
  if (line.response.type === 'result') return { type: 'result', payload: line.response.payload };
  if (line.response.type === 'stop_operation')
    return { type: 'stop_operation', message: payload.message ?? '' };
  return { type: 'error', errorType: payload.type ?? '', message: payload.message ?? '' };
}

/** A keep-alive HTTP server answering the recorded replies in order. */
async function replayServer(lines: TranscriptLine[]) {
  const bodies: string[] = [];
  let connections = 0;
  let next = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('latin1'));
      const answer = JSON.stringify(lines[next++]?.response);
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(answer);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => server.close(() => resolve()) && server.closeAllConnections()),
  };
}

describe('ctx proxy client: recorded transcripts', () => {
  for (const [file, lines] of jsonlTranscripts()) {
    test(`${file}: sends the recorded requests, understands the recorded replies`, async () => {
      const server = await replayServer(lines);
      const client = new CtxProxyClient(server.url);
      try {
        for (const line of lines) {
          const response =
            typeof line.request === 'string'
              ? await client.sendBody(line.request)
              : await client.send(line.request.args);
          assert.deepEqual(response, expectedResponse(line));
        }
        assert.deepEqual(
          server.bodies,
          lines.map((line) =>
            typeof line.request === 'string' ? line.request : pythonJsonDumps(line.request),
          ),
        );
        assert.deepEqual(
          server.bodies.map((body, index) =>
            typeof lines[index]?.request === 'string' ? body : (JSON.parse(body) as unknown),
          ),
          lines.map((line) => line.request),
        );
        assert.equal(server.connections(), 1, 'sequential requests reuse one kept-alive connection');
      } finally {
        client.close();
        await server.close();
      }
    });
  }

  test('twice.jsonl through call(): a second returns is a typed CtxProxyError', async () => {
    const lines = jsonlTranscripts().get('twice.jsonl') ?? [];
    const server = await replayServer(lines);
    const client = new CtxProxyClient(server.url);
    try {
      assert.equal(await client.call(['returns', 'first']), null);
      await assert.rejects(client.call(['returns', 'again']), (error: unknown) => {
        assert.ok(error instanceof CtxProxyError);
        assert.equal(error.type, 'RuntimeError');
        assert.equal(error.message, 'ctx may only abort or return once');
        return true;
      });
    } finally {
      client.close();
      await server.close();
    }
  });

  test('abort.jsonl through call(): stop_operation is CtxProxyStopOperation', async () => {
    const server = await replayServer(jsonlTranscripts().get('abort.jsonl') ?? []);
    const client = new CtxProxyClient(server.url);
    try {
      await assert.rejects(
        client.call(['abort_operation', 'it broke']),
        new CtxProxyStopOperation('it broke'),
      );
    } finally {
      client.close();
      await server.close();
    }
  });
});

describe('ctx proxy client: raw HTTP/1.0 framing (raw-http.txt)', () => {
  test('the same body bytes as Python, and a reply without Content-Length read to the close', async () => {
    const exchanges = rawExchanges();
    assert.equal(exchanges.length, 3);
    const received: { headers: string; body: string }[] = [];
    let exchangeIndex = 0;
    const server = net.createServer((socket) => {
      const exchange = exchanges[exchangeIndex++];
      let buffered = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        const text = buffered.toString('latin1');
        const headerEnd = text.indexOf('\r\n\r\n');
        if (headerEnd < 0 || !exchange) return;
        const length = Number(/content-length: *(\d+)/i.exec(text.slice(0, headerEnd))?.[1] ?? 0);
        if (buffered.length < headerEnd + 4 + length) return;
        received.push({ headers: text.slice(0, headerEnd), body: text.slice(headerEnd + 4) });
        void (async () => {
          // Several writes, then close: the client must read to the end of the connection.
          const middle = Math.floor(exchange.response.length / 2);
          socket.write(exchange.response.slice(0, middle));
          await delay(20);
          socket.end(exchange.response.slice(middle));
        })();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new CtxProxyClient(`http://127.0.0.1:${port}`);
    try {
      const replies: CtxProxyResponse[] = [];
      for (const exchange of exchanges) {
        replies.push(await client.send((JSON.parse(exchange.requestBody) as { args: unknown[] }).args));
      }
      assert.deepEqual(
        received.map((request) => request.body),
        exchanges.map((exchange) => exchange.requestBody),
      );
      for (const request of received) assert.match(request.headers, /^POST \/ HTTP\/1\.1\r\n/);
      assert.deepEqual(replies, [
        { type: 'result', payload: 8000 },
        { type: 'result', payload: null },
        { type: 'error', errorType: 'RuntimeError', message: 'illegal path: nope' },
      ]);
    } finally {
      client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('ctx proxy client: failures', () => {
  test('non-ASCII text is sent as ASCII JSON, as Cloudify server decodes bodies as ASCII', async () => {
    const server = await replayServer([
      { request: { args: [] }, response: { type: 'result', payload: null } },
    ]);
    const client = new CtxProxyClient(server.url);
    try {
      await client.send(['logger', 'info', 'café ✓']);
      assert.equal(server.bodies[0], '{"args": ["logger", "info", "caf\\u00e9 \\u2713"]}');
    } finally {
      client.close();
      await server.close();
    }
  });

  test('an unreachable proxy, a non-200 answer and a non-protocol body are transport errors', async () => {
    const unreachable = new CtxProxyClient('http://127.0.0.1:9');
    await assert.rejects(unreachable.send(['type']), CtxProxyTransportError);
    unreachable.close();

    const server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        if (request.url === '/500') response.writeHead(500).end('oops');
        else response.writeHead(200).end('<html>');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const failing = new CtxProxyClient(`http://127.0.0.1:${port}/500`);
    const garbled = new CtxProxyClient(`http://127.0.0.1:${port}/html`);
    try {
      await assert.rejects(failing.send(['type']), /answered HTTP 500/);
      await assert.rejects(
        garbled.send(['type']),
        /answered something that is not a ctx proxy reply: <html>/,
      );
    } finally {
      failing.close();
      garbled.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('a slow proxy times out; other schemes are refused', async () => {
    const server = http.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new CtxProxyClient(`http://127.0.0.1:${port}`, { timeoutMs: 100 });
    try {
      await assert.rejects(client.send(['type']), /did not answer within 100 ms/);
    } finally {
      client.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    assert.throws(() => new CtxProxyClient('ipc:///tmp/ctx.socket'), /only http:\/\/ is supported/);
    assert.throws(() => new CtxProxyClient('not a url'), /CTX_SOCKET_URL is not a URL/);
  });
});
