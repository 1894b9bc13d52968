// Real script processes through the executor: Cloudify-style bash with the `ctx` command, and
// every way an operation can end.
import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createExecutor } from '../../src/executor/executor.js';
import type { OperationExecutor } from '../../src/executor/types.js';
import { createMemoryStorage } from '../../src/storage/memory-storage.js';
import type { DeploymentStorage } from '../../src/storage/types.js';
import { buildPlan, environment, node, scriptOperation, task } from './support.js';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );
const FIXTURES = fileURLToPath(new URL('../fixtures/executor/', import.meta.url));
const plan = buildPlan(FIXTURES, [{ name: 'web', properties: { port: 8080 }, instances: ['web_a1b2c3'] }]);

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

async function run(script: string, extra: Parameters<typeof scriptOperation>[2] = {}, retryNumber = 0) {
  const { log, env } = environment(storage);
  const operation = scriptOperation(
    'cloudify.interfaces.lifecycle.configure',
    { script_path: script },
    extra,
  );
  const result = await executor.execute(task(plan, node('web_a1b2c3'), operation, { retryNumber }), env);
  return { result, log, instance: await storage.getInstance('web_a1b2c3') };
}

describe('script operations', () => {
  it('runs a Cloudify bash script that uses the ctx command', async () => {
    const { result, log, instance } = await run('configure.sh');
    assert.deepEqual(result, { status: 'succeeded', value: { configured: true } });
    assert.deepEqual(instance.runtimeProperties, {
      port_seen: '8080',
      count: 14,
      endpoint: { url: 'http://localhost:8080/' },
    });
    const messages = log.messages('web_a1b2c3');
    for (const expected of [
      'configuring web_a1b2c3',
      'properties: {"port": 8080}',
      "python repr: {'port': 8080}",
      'missing: [RuntimeError: illegal path: nothing]',
      '<out> to stdout',
      '<err> to stderr',
    ]) {
      assert.ok(messages.includes(expected), `${expected} in ${JSON.stringify(messages)}`);
    }
    const line = log.events.find((e) => e.type === 'log' && e.message === 'configuring web_a1b2c3');
    assert.deepEqual(line, {
      type: 'log',
      subject: 'web_a1b2c3',
      operation: 'cloudify.interfaces.lifecycle.configure',
      level: 'info',
      message: 'configuring web_a1b2c3',
    });
  });

  it('reschedules on ctx retry_operation, with its retry_after', async () => {
    const { result, instance } = await run('retry.sh', {}, 2);
    assert.deepEqual(result, { status: 'retry', message: 'not ready yet', retryAfter: 5 });
    assert.equal(instance.runtimeProperties.attempt, '2');
  });

  it('fails without retry on ctx abort_operation, keeping what was written', async () => {
    const { result, instance } = await run('abort.sh');
    assert.deepEqual(result, { status: 'failed', recoverable: false, message: 'the disk is full' });
    assert.equal(instance.runtimeProperties.before_abort, 'yes');
  });

  it('fails without retry when the script returns twice', async () => {
    const { result } = await run('twice.sh');
    assert.deepEqual(result, {
      status: 'failed',
      recoverable: false,
      message: 'ctx may only abort or return once',
    });
  });

  it('fails recoverably on a non-zero exit, after saving the runtime properties', async () => {
    const { result, instance } = await run('fail.sh');
    assert.equal(result.status, 'failed');
    assert.ok(result.status === 'failed' && result.recoverable);
    assert.match(result.status === 'failed' ? result.message : '', /^command: \S+\/fail\.sh, exit_code: 3$/);
    assert.match(result.status === 'failed' ? (result.details ?? '') : '', /going down/);
    assert.equal(instance.runtimeProperties.written_before_failure, 'yes');
    assert.deepEqual(instance.runtimeProperties.nested, { inner: { deep: [1, 2] } });
  });

  it('kills a script that outlives its timeout: NonRecoverable unless timeout_recoverable', async () => {
    const started = Date.now();
    const { result } = await run('sleep.sh', { timeout: 1 });
    assert.ok(Date.now() - started < 10_000);
    assert.equal(result.status, 'failed');
    assert.ok(result.status === 'failed' && !result.recoverable);
    assert.match(result.status === 'failed' ? result.message : '', /timed out after 1s/);
    const recoverable = await run('sleep.sh', { timeout: 1, timeoutRecoverable: true });
    assert.ok(recoverable.result.status === 'failed' && recoverable.result.recoverable);
  });

  it('kills the script when the workflow is cancelled', async () => {
    const controller = new AbortController();
    const { env } = environment(storage, controller.signal);
    const operation = scriptOperation('cloudify.interfaces.lifecycle.start', { script_path: 'sleep.sh' });
    setTimeout(() => controller.abort(), 300);
    const result = await executor.execute(task(plan, node('web_a1b2c3'), operation), env);
    assert.deepEqual(result, {
      status: 'failed',
      recoverable: false,
      message: 'the workflow was cancelled; the process was killed',
      details: 'stdout (last lines):\nstarted',
    });
  });

  it('ends when the script exits, leaving its daemon running even if it holds the output', async () => {
    const marker = join(await mkdtemp(join(tmpdir(), 'daemon-')), 'alive');
    try {
      const started = Date.now();
      const { log, env } = environment(storage);
      const operation = scriptOperation('cloudify.interfaces.lifecycle.start', {
        script_path: 'daemon.sh',
        MARKER: marker,
      });
      const result = await executor.execute(task(plan, node('web_a1b2c3'), operation), env);
      assert.equal(result.status, 'succeeded');
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
      assert.deepEqual(
        log.messages().filter((m) => m.startsWith('<out>')),
        ['<out> started the daemon'],
      );
      for (let waited = 0; waited < 5000 && !(await exists(marker)); waited += 100) await delay(100);
      assert.equal(
        await readFile(marker, 'utf8'),
        'alive\n',
        'the daemon survived writing to the old stdout',
      );
      assert.ok(!log.messages().includes('<out> daemon still writes'));
    } finally {
      await rm(dirname(marker), { recursive: true, force: true });
    }
  });

  it('delivers the script alone, as a manager does', async () => {
    const { result } = await run('sibling.sh');
    assert.ok(result.status === 'failed' && result.recoverable);
    assert.match(result.status === 'failed' ? (result.details ?? '') : '', /sibling-data\.txt: No such file/);
  });

  it('renders a downloaded resource with the operation ctx', async () => {
    const { result, log } = await run('render.sh');
    assert.equal(result.status, 'succeeded');
    assert.deepEqual(
      log.messages().filter((m) => m.startsWith('<out>')),
      ['<out> listen 8080;', '<out> server_name web_a1b2c3;'],
    );
  });

  it('refuses what cannot run locally, with a reason', async () => {
    const { env } = environment(storage);
    const python = await executor.execute(
      task(plan, node('web_a1b2c3'), {
        name: 'cloudify.interfaces.lifecycle.create',
        implementation: 'aws.cloudify_aws.ec2.create',
        plugin: 'aws',
        operation: 'cloudify_aws.ec2.create',
        executor: 'central_deployment_agent',
        inputs: {},
      }),
      env,
    );
    assert.equal(python.status, 'failed', JSON.stringify(python));
    assert.ok(python.status === 'failed' && !python.recoverable);
    assert.match(python.status === 'failed' ? python.message : '', /only script operations run locally/);
    const nop = await executor.execute(
      task(plan, node('web_a1b2c3'), {
        name: 'cloudify.interfaces.lifecycle.stop',
        implementation: '',
        executor: 'auto',
        inputs: {},
      }),
      env,
    );
    assert.deepEqual(nop, { status: 'succeeded' });
    const { result: crlf } = await run('crlf.sh');
    assert.ok(crlf.status === 'failed' && !crlf.recoverable, JSON.stringify(crlf));
    assert.match(crlf.status === 'failed' ? crlf.message : '', /Windows line endings/);
    const { result: missing } = await run('nope.sh');
    assert.ok(missing.status === 'failed' && missing.recoverable, JSON.stringify(missing));
    assert.match(missing.status === 'failed' ? missing.message : '', /script not found: .*nope\.sh/);
    const py = await executor.execute(
      task(
        plan,
        node('web_a1b2c3'),
        scriptOperation('cloudify.interfaces.lifecycle.create', { script_path: 'hello.py' }),
      ),
      env,
    );
    assert.ok(py.status === 'failed' && !py.recoverable, JSON.stringify(py));
    assert.match(py.status === 'failed' ? py.message : '', /eval_python: false/);
  });
});
