// What only the file storage has: files on disk, crash safety, a lock between processes.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, it } from 'node:test';
import { createFileStorage } from '../../src/storage/file-storage.js';
import { DeploymentLockedError } from '../../src/storage/types.js';
import { buildPlan } from '../executor/support.js';

const CHILD = fileURLToPath(new URL('./storage-process.ts', import.meta.url));
const plan = buildPlan('/blueprints/demo', [
  { name: 'web', instances: Array.from({ length: 20 }, (_, i) => `web_${String(i).padStart(6, '0')}`) },
]);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'file-storage-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return join(dir, '.cloudify-local');
}

/** Starts a storage process and waits until it has the deployment open. */
async function child(dir: string, mode: 'hold' | 'write'): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx/esm', CHILD, dir, 'demo', mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGKILL');
      await new Promise((resolve) => proc.once('exit', resolve));
    }
  });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    proc.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    proc.once('exit', (code) => reject(new Error(`storage process exited with ${code}: ${err}`)));
  });
  return proc;
}

describe('file storage', () => {
  it('keeps one JSON file per instance, and no temporary files', async () => {
    const dir = await folder();
    const deployment = await createFileStorage(dir).create('demo', plan);
    await deployment.updateInstance('web_000003', {
      state: 'started',
      runtimeProperties: { ip: '10.0.0.1' },
    });
    const files = join(dir, 'deployments', 'demo');
    assert.deepEqual((await readdir(files)).sort(), ['executions.json', 'instances', 'lock', 'plan.json']);
    assert.equal((await readdir(join(files, 'instances'))).length, 20);
    assert.deepEqual(JSON.parse(await readFile(join(files, 'instances', 'web_000003.json'), 'utf8')), {
      id: 'web_000003',
      nodeName: 'web',
      state: 'started',
      runtimeProperties: { ip: '10.0.0.1' },
      version: 1,
    });
    await deployment.close();
    assert.deepEqual((await readdir(files)).sort(), ['executions.json', 'instances', 'plan.json']);
  });

  it('refuses a second process while the first has the deployment open', async () => {
    const dir = await folder();
    await (await createFileStorage(dir).create('demo', plan)).close();
    const holder = await child(dir, 'hold');
    await assert.rejects(createFileStorage(dir).open('demo'), (error: unknown) => {
      assert.ok(error instanceof DeploymentLockedError);
      assert.match(error.message, new RegExp(`in use by another run \\(pid ${holder.pid},`));
      assert.match(error.message, /storage-process\.ts/);
      assert.match(error.message, /if that process is gone, delete .*lock and try again/);
      return true;
    });
  });

  it('takes over the lock of a run that died, with a warning', async () => {
    const dir = await folder();
    await (await createFileStorage(dir).create('demo', plan)).close();
    const holder = await child(dir, 'hold');
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    const warnings: string[] = [];
    const deployment = await createFileStorage(dir, { warn: (m) => warnings.push(m) }).open('demo');
    await deployment.close();
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0] ?? '',
      new RegExp(
        `took over the lock of deployment 'demo' left by a run that is no longer running \\(pid ${holder.pid}`,
      ),
    );
  });

  it('never leaves a truncated file when the writer is killed mid-write', async () => {
    const dir = await folder();
    await (await createFileStorage(dir, { fsync: false }).create('demo', plan)).close();
    for (let attempt = 0; attempt < 3; attempt++) {
      const writer = await child(dir, 'write');
      await new Promise((resolve) => setTimeout(resolve, 150 + attempt * 100));
      writer.kill('SIGKILL');
      await new Promise((resolve) => writer.once('exit', resolve));
      const instancesDir = join(dir, 'deployments', 'demo', 'instances');
      for (const name of await readdir(instancesDir)) {
        if (!name.endsWith('.json')) continue;
        const instance = JSON.parse(await readFile(join(instancesDir, name), 'utf8')) as {
          runtimeProperties: { payload?: string };
        };
        assert.ok(
          instance.runtimeProperties.payload === undefined ||
            instance.runtimeProperties.payload.startsWith('xxxx'),
        );
      }
      const deployment = await createFileStorage(dir, { warn: () => undefined }).open('demo');
      assert.equal((await deployment.listInstances()).length, 20);
      await deployment.close();
      assert.deepEqual(
        (await readdir(instancesDir)).filter((n) => !n.endsWith('.json')),
        [],
        'temporary files removed on open',
      );
    }
  });

  it('ignores and removes a partial temporary file left by a crash', async () => {
    const dir = await folder();
    const deployment = await createFileStorage(dir).create('demo', plan);
    await deployment.updateInstance('web_000001', { runtimeProperties: { good: true } });
    await deployment.close();
    const instancesDir = join(dir, 'deployments', 'demo', 'instances');
    const partial = join(instancesDir, 'web_000001.json.4242.7.tmp');
    await writeFile(partial, '{"id": "web_000001", "runtimePrope');
    const reopened = await createFileStorage(dir).open('demo');
    assert.deepEqual((await reopened.getInstance('web_000001')).runtimeProperties, { good: true });
    await reopened.close();
    assert.ok(!(await readdir(instancesDir)).includes('web_000001.json.4242.7.tmp'));
  });

  it('names the broken file when a stored file is not JSON', async () => {
    const dir = await folder();
    await (await createFileStorage(dir).create('demo', plan)).close();
    await writeFile(join(dir, 'deployments', 'demo', 'instances', 'web_000002.json'), 'oops');
    await assert.rejects(
      createFileStorage(dir).open('demo'),
      /node instance 'web_000002' is not valid JSON \(.*web_000002\.json\)/,
    );
    await assert.rejects(createFileStorage(dir).create('../escape', plan), /invalid deployment name/);
  });

  it('stays fast: 1000 instances × 5 updates', async () => {
    const dir = await folder();
    const big = buildPlan('/b', [
      { name: 'n', instances: Array.from({ length: 1000 }, (_, i) => `n_${String(i).padStart(6, '0')}`) },
    ]);
    const storage = createFileStorage(dir);
    const started = performance.now();
    const deployment = await storage.create('big', big);
    const ids = big.nodeInstances.map((i) => i.id);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let index = next++; index < ids.length; index = next++) {
          const id = ids[index] ?? '';
          for (let op = 0; op < 5; op++) {
            const current = await deployment.getInstance(id);
            await deployment.updateInstance(
              id,
              { state: 'started', runtimeProperties: { ...current.runtimeProperties, [`op${op}`]: op } },
              current.version,
            );
          }
        }
      }),
    );
    await deployment.close();
    const seconds = (performance.now() - started) / 1000;
    const reopened = await storage.open('big');
    assert.deepEqual((await reopened.getInstance('n_000999')).runtimeProperties, {
      op0: 0,
      op1: 1,
      op2: 2,
      op3: 3,
      op4: 4,
    });
    await reopened.close();
    assert.ok(seconds < 30, `5000 updates took ${seconds.toFixed(1)} s`);
  });
});
