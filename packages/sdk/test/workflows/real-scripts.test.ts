// The local workflows with the SDK's real executor: every operation is a Node.js process.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMemoryStorage, initEnvironment, WorkflowFailedError } from '../../src/local.js';

const ORDER = fileURLToPath(new URL('../fixtures/workflows/order/blueprint.yaml', import.meta.url));
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'workflows-real-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('install and uninstall run every operation in Cloudify order (contained_in, connected_to, depends_on)', async () => {
  const log = join(dir, 'order.log');
  await using env = await initEnvironment({
    blueprint: ORDER,
    inputs: { log_file: log },
    storage: createMemoryStorage(),
  });
  const lifecycle = (node: string) => [`${node} precreate`, `${node} create`];
  const relationship = (source: string, target: string, operation: string) => [
    `${source}->${target} ${operation}/source`,
    `${source}->${target} ${operation}/target`,
  ];
  const installed = (node: string, target: string) => [
    ...lifecycle(node),
    ...relationship(node, target, 'preconfigure'),
    `${node} configure`,
    ...relationship(node, target, 'postconfigure'),
    `${node} start`,
    `${node} poststart`,
    ...relationship(node, target, 'establish'),
  ];
  const summary = await env.execute('install', { parallelism: 1, taskRetries: 0 });
  assert.equal(summary.failures.length, 0);
  assert.deepEqual((await readFile(log, 'utf8')).trim().split('\n'), [
    ...lifecycle('host'),
    'host configure',
    'host start',
    'host poststart',
    ...installed('db', 'host'),
    ...installed('web', 'db'),
    'monitor create',
    'monitor start',
    ...relationship('monitor', 'web', 'establish'),
  ]);
  assert.deepEqual(
    (await env.instances()).map((i) => [i.nodeName, i.state]),
    [
      ['host', 'started'],
      ['db', 'started'],
      ['web', 'started'],
      ['monitor', 'started'],
    ],
  );
  const webId = (await env.instances('web'))[0]?.id;
  assert.deepEqual(await env.outputs(), { web_id: webId });

  await rm(log);
  await env.execute('uninstall', { parallelism: 1, taskRetries: 0 });
  const uninstalled = (node: string, target: string) => [
    `${node} prestop`,
    `${node} stop`,
    ...relationship(node, target, 'unlink'),
    `${node} delete`,
    `${node} postdelete`,
  ];
  assert.deepEqual((await readFile(log, 'utf8')).trim().split('\n'), [
    'monitor stop',
    ...relationship('monitor', 'web', 'unlink'),
    'monitor delete',
    ...uninstalled('web', 'db'),
    ...uninstalled('db', 'host'),
    'host prestop',
    'host stop',
    'host delete',
    'host postdelete',
  ]);
  assert.ok((await env.instances()).every((i) => i.state === 'deleted'));
});

const RETRIES = fileURLToPath(new URL('../fixtures/workflows/retries/blueprint.yaml', import.meta.url));

test('retry requested, recoverable error, non-recoverable error and max_retries exhausted, from real scripts', async () => {
  await using env = await initEnvironment({ blueprint: RETRIES, storage: createMemoryStorage() });
  const install = (node: string, taskRetries: number) =>
    env.execute('install', { parameters: { node_ids: [node] }, taskRetries, retryInterval: 0 });

  const flaky = await install('flaky', 5);
  assert.equal(flaky.retries, 2);
  assert.deepEqual((await env.instances('flaky'))[0]?.runtimeProperties, { succeeded_on_retry: 2 });

  await assert.rejects(install('doomed', 5), (error: unknown) => {
    assert.ok(error instanceof WorkflowFailedError);
    assert.equal(error.failures.length, 1);
    assert.deepEqual(
      { ...error.failures[0], instance: undefined },
      {
        workflow: 'install',
        kind: 'non_recoverable',
        message: 'bad credentials',
        attempt: 1,
        node: 'doomed',
        instance: undefined,
        operation: 'cloudify.interfaces.lifecycle.create',
      },
    );
    return true;
  });

  await assert.rejects(install('stubborn', 10), (error: unknown) => {
    assert.ok(error instanceof WorkflowFailedError);
    const [failure] = error.failures;
    assert.equal(failure?.kind, 'recoverable');
    assert.equal(failure?.attempt, 3, 'max_retries 2 wins over task_retries 10');
    assert.match(failure?.message ?? '', /no retries left \(max_retries 2\)/);
    assert.match(failure?.details ?? failure?.message ?? '', /still broken|exit code 3|code 3/);
    return true;
  });
});
