// How scripts are started (Node.js scripts, command_prefix, args, env, cwd, inline sources), and
// operations running side by side: separate endpoints, relationship operations on both ends.
import assert from 'node:assert/strict';
import { realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createExecutor } from '../../src/executor/executor.js';
import type { OperationExecutor } from '../../src/executor/types.js';
import { createMemoryStorage } from '../../src/storage/memory-storage.js';
import type { DeploymentStorage } from '../../src/storage/types.js';
import { buildPlan, environment, node, scriptOperation, task } from './support.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/executor/', import.meta.url));
const plan = buildPlan(FIXTURES, [
  {
    name: 'app',
    properties: { who: 'app' },
    instances: ['app_000001', 'app_000002'],
    relationships: [{ type: 'cloudify.relationships.connected_to', target: 'db' }],
  },
  { name: 'db', properties: { who: 'db' }, instances: ['db_000001'] },
]);

let executor: OperationExecutor;
let storage: DeploymentStorage;
before(async () => {
  executor = createExecutor();
  storage = await createMemoryStorage().create('dep', plan);
});
after(async () => {
  await storage.close();
  await executor.close();
});

describe('starting scripts', () => {
  it('passes inputs as environment variables, JSON for complex values, then process.env', async () => {
    const { env } = environment(storage);
    const inputs = {
      script_path: 'inputs.mjs',
      text: 'hello world',
      number: 8080,
      flag: true,
      list: [1, 'two'],
      dict: { a: { b: null } },
      nothing: null,
      process: { env: { from_process_env: { x: 1 } }, args: ['--port', 9090], cwd: tmpdir() },
    };
    const result = await executor.execute(
      task(plan, node('db_000001'), scriptOperation('cloudify.interfaces.lifecycle.create', inputs)),
      env,
    );
    assert.deepEqual(result, { status: 'succeeded', value: { node: process.version } });
    const stored = (await storage.getInstance('db_000001')).runtimeProperties;
    assert.deepEqual(stored.seen, {
      text: 'hello world',
      number: '8080',
      flag: 'true',
      list: '[1, "two"]',
      dict: '{"a": {"b": null}}',
      nothing: 'None',
      from_process_env: '{"x": 1}',
    });
    assert.deepEqual(stored.argv, ['--port', '9090']);
    assert.equal(stored.cwd, await realpath(tmpdir()));
  });

  it('runs .js and .cjs with this Node, and a node command_prefix with args', async () => {
    const { log, env } = environment(storage);
    const run = (inputs: Record<string, unknown>) =>
      executor.execute(
        task(plan, node('db_000001'), scriptOperation('cloudify.interfaces.lifecycle.start', inputs)),
        env,
      );
    assert.equal((await run({ script_path: 'plain.js' })).status, 'succeeded');
    assert.equal(
      (await run({ script_path: 'common.cjs', process: { args: ['a b', 'c'] } })).status,
      'succeeded',
    );
    assert.equal(
      (await run({ script_path: 'common.cjs', process: { command_prefix: 'node', args: ['start'] } })).status,
      'succeeded',
    );
    assert.equal(
      (
        await run({
          script_path: 'common.cjs',
          process: { command_prefix: 'node', args: ['x;', 'echo', 'via-shell'] },
        })
      ).status,
      'succeeded',
    );
    assert.deepEqual(
      log.messages().filter((m) => m.startsWith('<out>')),
      [
        '<out> plain js function',
        '<out> cjs common.cjs a,b,c',
        '<out> cjs common.cjs start',
        '<out> cjs common.cjs x',
        '<out> via-shell',
      ],
    );
  });

  it('runs an inline script_source through the shell', async () => {
    const { log, env } = environment(storage);
    const source = `
      ctx instance runtime-properties inline yes
      echo "inline for $(ctx instance id)"
    `;
    const result = await executor.execute(
      task(
        plan,
        node('db_000001'),
        scriptOperation('cloudify.interfaces.lifecycle.start', { script_source: source }),
      ),
      env,
    );
    assert.equal(result.status, 'succeeded');
    assert.ok(log.messages().includes('<out> inline for db_000001'));
    assert.equal((await storage.getInstance('db_000001')).runtimeProperties.inline, 'yes');
  });

  it('starts no proxy when ctx_proxy_type is none', async () => {
    const { log, env } = environment(storage);
    const result = await executor.execute(
      task(
        plan,
        node('db_000001'),
        scriptOperation('cloudify.interfaces.lifecycle.start', {
          script_source: 'echo "url=[$CTX_SOCKET_URL]"',
          process: { ctx_proxy_type: 'none' },
        }),
      ),
      env,
    );
    assert.equal(result.status, 'succeeded');
    assert.ok(log.messages().includes('<out> url=[]'));
  });

  it('says so when process.cwd does not exist', async () => {
    const { env } = environment(storage);
    const result = await executor.execute(
      task(
        plan,
        node('db_000001'),
        scriptOperation('cloudify.interfaces.lifecycle.start', {
          script_path: 'plain.js',
          process: { cwd: '/no/such/dir' },
        }),
      ),
      env,
    );
    assert.deepEqual(result, {
      status: 'failed',
      recoverable: true,
      message: "process.cwd '/no/such/dir' is not an existing folder",
    });
  });
});

describe('operations side by side', () => {
  it('gives concurrent operations separate endpoints, with no cross-talk', async () => {
    const { log, env } = environment(storage);
    const run = (id: string) =>
      executor.execute(
        task(
          plan,
          node(id),
          scriptOperation('cloudify.interfaces.lifecycle.create', { script_path: 'who.sh' }),
        ),
        env,
      );
    const results = await Promise.all([run('app_000001'), run('db_000001'), run('app_000002')]);
    assert.ok(
      results.every((r) => r.status === 'succeeded'),
      JSON.stringify(results),
    );
    const stored = await Promise.all(
      ['app_000001', 'db_000001', 'app_000002'].map((id) => storage.getInstance(id)),
    );
    assert.deepEqual(
      stored.map((s) => [s.runtimeProperties.who, s.runtimeProperties.me]),
      [
        ['app', 'app_000001'],
        ['db', 'db_000001'],
        ['app', 'app_000002'],
      ],
    );
    const urls = new Set(stored.map((s) => s.runtimeProperties.url));
    assert.equal(urls.size, 3);
    // A finished operation's endpoint answers nothing any more.
    const stale = await fetch(String(stored[0]?.runtimeProperties.url), {
      method: 'POST',
      body: '{"args": ["instance", "id"]}',
    });
    assert.match(await stale.text(), /no running operation at this ctx proxy address/);
    assert.equal(log.messages().length, 0);
  });

  it('lets a relationship operation change both ends', async () => {
    await storage.updateInstance('db_000001', {
      runtimeProperties: { ...(await storage.getInstance('db_000001')).runtimeProperties, ip: '10.1.2.3' },
    });
    const { log, env } = environment(storage);
    const subject = {
      kind: 'relationship' as const,
      sourceId: 'app_000001',
      targetId: 'db_000001',
      side: 'source' as const,
      relationship: 0,
    };
    const operation = scriptOperation('cloudify.interfaces.relationship_lifecycle.establish', {
      script_path: 'relationship.sh',
    });
    const result = await executor.execute(task(plan, subject, operation), env);
    assert.equal(result.status, 'succeeded', JSON.stringify(result));
    assert.equal((await storage.getInstance('app_000001')).runtimeProperties.target_ip, '10.1.2.3');
    assert.equal((await storage.getInstance('db_000001')).runtimeProperties.connected_from, 'app_000001');
    assert.deepEqual(log.messages('app_000001->db_000001'), ['side=source type=relationship-instance']);
  });

  it('merges changes to one instance made by the two ends of relationships running at once', async () => {
    const { env } = environment(storage);
    const operation = (key: string) =>
      scriptOperation('cloudify.interfaces.relationship_lifecycle.establish', {
        script_source: `sleep 0.1; ctx target instance runtime-properties ${key} "$(ctx source instance id)"`,
      });
    const subject = (sourceId: string) => ({
      kind: 'relationship' as const,
      sourceId,
      targetId: 'db_000001',
      side: 'target' as const,
      relationship: 0,
    });
    const results = await Promise.all([
      executor.execute(task(plan, subject('app_000001'), operation('from_first')), env),
      executor.execute(task(plan, subject('app_000002'), operation('from_second')), env),
    ]);
    assert.ok(
      results.every((r) => r.status === 'succeeded'),
      JSON.stringify(results),
    );
    const db = (await storage.getInstance('db_000001')).runtimeProperties;
    assert.equal(db.from_first, 'app_000001');
    assert.equal(db.from_second, 'app_000002');
    assert.equal(db.ip, '10.1.2.3');
  });
});
