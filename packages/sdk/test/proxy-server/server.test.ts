// The HTTP side: one server, one unguessable endpoint per operation, no cross-talk, keep-alive.
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { describe, it } from 'node:test';
import { CtxProxyClient } from '../../src/proxy/client.js';
import { CtxProxyServer } from '../../src/proxy/server.js';
import { ask, post, serveContext, withoutTraceback } from './support.js';

const NOT_RUNNING = {
  type: 'error',
  payload: {
    type: 'CtxProxyError',
    message:
      'no running operation at this ctx proxy address: the operation has finished, or CTX_SOCKET_URL is wrong',
  },
};

describe('ctx proxy server', () => {
  it('gives each operation its own 128-bit path on 127.0.0.1', async () => {
    const server = await CtxProxyServer.start();
    try {
      const a = serveContext(server);
      const b = serveContext(server);
      for (const url of [a.url, b.url])
        assert.match(url, new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/[0-9a-f]{32}$`));
      assert.notEqual(a.url, b.url);
      assert.equal(server.activeEndpoints, 2);
      a.close();
      b.close();
      assert.equal(server.activeEndpoints, 0);
    } finally {
      await server.close();
    }
  });

  it('answers an unknown or finished endpoint with an error, and other methods with 405', async () => {
    const server = await CtxProxyServer.start();
    try {
      const served = serveContext(server);
      assert.deepEqual(await ask(served.url, ['instance', 'id']), { type: 'result', payload: 'web_a1b2c3' });
      served.close();
      assert.deepEqual(withoutTraceback(await ask(served.url, ['instance', 'id'])), NOT_RUNNING);
      assert.deepEqual(
        withoutTraceback(await ask(`http://127.0.0.1:${server.port}/`, ['instance', 'id'])),
        NOT_RUNNING,
      );
      const get = await post(`http://127.0.0.1:${server.port}/x`, '', { method: 'GET' });
      assert.equal(get.status, 405);
      assert.equal(get.headers['content-type'], 'application/json');
    } finally {
      await server.close();
    }
  });

  it('keeps concurrent operations apart', async () => {
    const server = await CtxProxyServer.start();
    try {
      const nodes = [
        { name: 'a', properties: { who: 'a' }, instances: ['a_1'] },
        { name: 'b', properties: { who: 'b' }, instances: ['b_1'] },
      ];
      const a = serveContext(server, { nodes, subject: { kind: 'node', instanceId: 'a_1' } });
      const b = serveContext(server, { nodes, subject: { kind: 'node', instanceId: 'b_1' } });
      const agent = new Agent({ keepAlive: true, maxSockets: 4 });
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const target = i % 2 === 0 ? a : b;
          return ask(target.url, ['instance', 'runtime-properties', `k${i}`, i], agent);
        }),
      );
      const [whoA, whoB] = await Promise.all([
        ask(a.url, ['node', 'properties', 'who'], agent),
        ask(b.url, ['node', 'properties', 'who'], agent),
      ]);
      agent.destroy();
      assert.equal(whoA.payload, 'a');
      assert.equal(whoB.payload, 'b');
      const keys = (served: typeof a, id: string) =>
        Object.keys(served.runtimes.get(id)?.properties ?? {}).sort();
      assert.deepEqual(keys(a, 'a_1'), ['k0', 'k10', 'k12', 'k14', 'k16', 'k18', 'k2', 'k4', 'k6', 'k8']);
      assert.deepEqual(keys(b, 'b_1'), ['k1', 'k11', 'k13', 'k15', 'k17', 'k19', 'k3', 'k5', 'k7', 'k9']);
      a.close();
      b.close();
    } finally {
      await server.close();
    }
  });

  it('serves the SDK client over kept-alive connections, and closes with them open', async () => {
    const server = await CtxProxyServer.start();
    const served = serveContext(server);
    const client = new CtxProxyClient(served.url);
    try {
      for (let i = 0; i < 5; i++) await client.call(['instance', 'runtime-properties', 'count', i]);
      assert.equal(await client.call(['instance', 'runtime-properties', 'count']), 4);
      await assert.rejects(client.call(['node', 'properties', 'nope']), /illegal path: nope/);
    } finally {
      client.close();
      served.close();
      await server.close();
    }
  });

  it('answers many simultaneous requests of one operation', async () => {
    const server = await CtxProxyServer.start();
    const served = serveContext(server);
    try {
      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      const replies = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          ask(served.url, ['instance', 'runtime-properties', 'update', { [`k${i}`]: i }, {}], agent),
        ),
      );
      agent.destroy();
      assert.ok(replies.every((r) => r.type === 'result'));
      assert.equal(Object.keys(served.runtimes.get('web_a1b2c3')?.properties ?? {}).length, 8);
    } finally {
      served.close();
      await server.close();
    }
  });
});
