// The Storage contract, checked against both implementations.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { createFileStorage } from '../../src/storage/file-storage.js';
import { createMemoryStorage } from '../../src/storage/memory-storage.js';
import {
  DeploymentExistsError,
  DeploymentLockedError,
  DeploymentNotFoundError,
  StorageConflictError,
  type Storage,
} from '../../src/storage/types.js';
import { buildPlan } from '../executor/support.js';

const plan = buildPlan('/blueprints/demo', [
  { name: 'web', instances: ['web_aaaaaa', 'web_bbbbbb'] },
  { name: 'db', instances: ['db_cccccc'] },
]);

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

const implementations: [string, () => Promise<Storage>][] = [
  ['memory', () => Promise.resolve(createMemoryStorage())],
  [
    'file',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'storage-contract-'));
      folders.push(dir);
      return createFileStorage(join(dir, '.cloudify-local'), { warn: () => undefined });
    },
  ],
];

for (const [name, makeStorage] of implementations) {
  describe(`${name} storage`, () => {
    it('creates a deployment with uninitialized instances and keeps it between opens', async () => {
      const storage = await makeStorage();
      const created = await storage.create('demo', plan);
      assert.equal(created.deploymentId, 'demo');
      assert.deepEqual(created.plan, plan);
      assert.deepEqual(await created.getInstance('web_aaaaaa'), {
        id: 'web_aaaaaa',
        nodeName: 'web',
        state: 'uninitialized',
        runtimeProperties: {},
        version: 0,
      });
      assert.deepEqual(
        (await created.listInstances('web')).map((i) => i.id),
        ['web_aaaaaa', 'web_bbbbbb'],
      );
      const updated = await created.updateInstance('web_aaaaaa', {
        state: 'started',
        runtimeProperties: { port: 8080 },
      });
      assert.equal(updated.version, 1);
      await created.saveExecution({
        id: 'e1',
        workflowId: 'install',
        parameters: {},
        status: 'started',
        startedAt: '2024-01-01T00:00:00Z',
      });
      await created.saveExecution({
        id: 'e1',
        workflowId: 'install',
        parameters: {},
        status: 'terminated',
        startedAt: '2024-01-01T00:00:00Z',
      });
      await created.close();

      assert.deepEqual(await storage.list(), ['demo']);
      const reopened = await storage.open('demo');
      assert.deepEqual(await reopened.getInstance('web_aaaaaa'), {
        id: 'web_aaaaaa',
        nodeName: 'web',
        state: 'started',
        runtimeProperties: { port: 8080 },
        version: 1,
      });
      assert.deepEqual(
        (await reopened.listExecutions()).map((e) => e.status),
        ['terminated'],
      );
      assert.deepEqual(reopened.plan, plan);
      await reopened.close();
    });

    it('hands out copies: changing a returned object changes nothing stored', async () => {
      const storage = await makeStorage();
      const deployment = await storage.create('demo', plan);
      const props = { nested: { list: [1] } };
      await deployment.updateInstance('db_cccccc', { runtimeProperties: props });
      props.nested.list.push(2);
      const read = await deployment.getInstance('db_cccccc');
      (read.runtimeProperties.nested as { list: number[] }).list.push(3);
      assert.deepEqual((await deployment.getInstance('db_cccccc')).runtimeProperties, {
        nested: { list: [1] },
      });
      await deployment.close();
    });

    it('refuses an update with a stale version', async () => {
      const storage = await makeStorage();
      const deployment = await storage.create('demo', plan);
      const first = await deployment.updateInstance('web_bbbbbb', { runtimeProperties: { a: 1 } }, 0);
      await assert.rejects(
        deployment.updateInstance('web_bbbbbb', { runtimeProperties: { a: 2 } }, 0),
        StorageConflictError,
      );
      await deployment.updateInstance('web_bbbbbb', { runtimeProperties: { a: 3 } }, first.version);
      assert.deepEqual((await deployment.getInstance('web_bbbbbb')).runtimeProperties, { a: 3 });
      await assert.rejects(deployment.getInstance('nope_000000'), /has no node instance 'nope_000000'/);
      await deployment.close();
    });

    it('allows one open handle per deployment', async () => {
      const storage = await makeStorage();
      const deployment = await storage.create('demo', plan);
      await assert.rejects(storage.open('demo'), DeploymentLockedError);
      await assert.rejects(storage.remove('demo'), DeploymentLockedError);
      await deployment.close();
      await assert.rejects(deployment.getInstance('web_aaaaaa'), /was closed/);
      const again = await storage.open('demo');
      await again.close();
    });

    it('creates, replaces, lists and removes deployments', async () => {
      const storage = await makeStorage();
      await assert.rejects(storage.open('ghost'), DeploymentNotFoundError);
      await (await storage.create('demo', plan)).close();
      await assert.rejects(storage.create('demo', plan), DeploymentExistsError);
      const replaced = await storage.create(
        'demo',
        buildPlan('/b', [{ name: 'solo', instances: ['solo_111111'] }]),
        { replace: true },
      );
      assert.deepEqual(
        (await replaced.listInstances()).map((i) => i.id),
        ['solo_111111'],
      );
      await replaced.close();
      await (await storage.create('other', plan)).close();
      assert.deepEqual(await storage.list(), ['demo', 'other']);
      await storage.remove('demo');
      assert.deepEqual(await storage.list(), ['other']);
      await assert.rejects(storage.remove('demo'), DeploymentNotFoundError);
    });
  });
}
