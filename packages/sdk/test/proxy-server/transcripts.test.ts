// Every recorded exchange with Cloudify's own proxy, replayed against ours: same payloads, same
// error types and messages (tracebacks aside), same bytes on the wire.
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { pythonJsonDumps } from '../../src/proxy/python-format.js';
import { CtxProxyServer } from '../../src/proxy/server.js';
import {
  post,
  rawHttpTranscript,
  serveContext,
  transcripts,
  withoutTraceback,
  type ServedContext,
} from './support.js';

let server: CtxProxyServer;
before(async () => {
  server = await CtxProxyServer.start();
});
after(() => server.close());

async function replay(file: string): Promise<ServedContext> {
  const lines = transcripts().get(file);
  assert.ok(lines && lines.length > 0, `no transcript ${file}`);
  const served = serveContext(server);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (const [index, line] of lines.entries()) {
      const body = typeof line.request === 'string' ? line.request : pythonJsonDumps(line.request);
      const reply = await post(served.url, body, { agent });
      assert.equal(reply.status, 200);
      assert.equal(reply.headers['content-type'], 'application/json');
      const answer = JSON.parse(reply.body) as { type: string; payload: unknown };
      assert.deepEqual(
        withoutTraceback(answer),
        withoutTraceback(line.response),
        `${file} line ${index + 1}: ${body}`,
      );
      if (answer.type === 'error') {
        assert.equal(typeof (answer.payload as { traceback?: unknown }).traceback, 'string');
      }
    }
  } finally {
    agent.destroy();
    served.close();
  }
  return served;
}

describe('recorded ctx-proxy transcripts', () => {
  it('covers every transcript file', () => {
    assert.deepEqual([...transcripts().keys()].sort(), [
      'abort.jsonl',
      'main.jsonl',
      'retry.jsonl',
      'returns-dict-as-kwargs.jsonl',
      'returns.jsonl',
      'twice.jsonl',
    ]);
  });

  it('main.jsonl: properties, runtime properties, logger, errors', async () => {
    const served = await replay('main.jsonl');
    assert.deepEqual(served.runtimes.get('web_a1b2c3')?.properties, {
      key: 'value',
      n: { a: { x: [1] } },
      k2: { complex: true },
    });
    assert.deepEqual(served.logs, ['info: hi']);
    assert.deepEqual(served.outcome.verdict(), { kind: 'returned', value: null });
  });

  it('returns.jsonl: a dict returned with a trailing {}', async () => {
    const served = await replay('returns.jsonl');
    assert.deepEqual(served.outcome.verdict(), { kind: 'returned', value: { a: 1 } });
  });

  it('returns-dict-as-kwargs.jsonl: a final dict is keyword arguments', async () => {
    const served = await replay('returns-dict-as-kwargs.jsonl');
    assert.deepEqual(served.outcome.verdict(), { kind: 'returned', value: null });
  });

  it('twice.jsonl: a second returns fails the operation', async () => {
    const served = await replay('twice.jsonl');
    assert.deepEqual(served.outcome.verdict(), { kind: 'illegal' });
  });

  it('abort.jsonl: stop_operation, then the task fails', async () => {
    const served = await replay('abort.jsonl');
    assert.deepEqual(served.outcome.verdict(), { kind: 'abort', message: 'it broke' });
  });

  it('retry.jsonl: stop_operation, then the task is rescheduled', async () => {
    const served = await replay('retry.jsonl');
    assert.deepEqual(served.outcome.verdict(), { kind: 'retry', message: 'not yet', retryAfter: 5 });
  });

  it('raw-http.txt: the same bytes for the stock client (Connection: close, form content type)', async () => {
    const sections = rawHttpTranscript()
      .split(/^={10,}$/m)
      .filter((s) => s.includes('>>>'));
    assert.equal(sections.length, 3);
    const served = serveContext(server);
    try {
      for (const section of sections) {
        const [requestPart = '', responsePart = ''] = section.split(/^<<<.*$/m);
        const requestBody = requestPart.trim().split('\n').at(-1) ?? '';
        const responseBody = responsePart.trim().split('\n').at(-1) ?? '';
        const { host, port, pathname } = new URL(served.url);
        const wire =
          [
            `POST ${pathname} HTTP/1.1`,
            'Accept-Encoding: identity',
            'Content-Type: application/x-www-form-urlencoded',
            `Content-Length: ${Buffer.byteLength(requestBody)}`,
            `Host: ${host}`,
            'User-Agent: Python-urllib/3.11',
            'Connection: close',
            '',
            '',
          ].join('\r\n') + requestBody;
        const received = await new Promise<string>((resolve, reject) => {
          const socket = connect(Number(port), '127.0.0.1', () => socket.end(wire));
          const chunks: Buffer[] = [];
          socket.on('data', (chunk: Buffer) => chunks.push(chunk));
          socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          socket.on('error', reject);
        });
        const [head = '', body] = received.split('\r\n\r\n');
        assert.match(head, /^HTTP\/1\.[01] 200 OK\r\n/);
        assert.match(head, /\r\nContent-Type: application\/json\r\n/i);
        if (responseBody.includes('"error"')) {
          assert.deepEqual(
            withoutTraceback(JSON.parse(body ?? '') as never),
            withoutTraceback(JSON.parse(responseBody) as never),
          );
        } else {
          assert.equal(body, responseBody, 'byte-identical reply body');
        }
      }
    } finally {
      served.close();
    }
  });
});
