import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blueprint, planOf, sequentialIds } from './helpers.js';

const layout = blueprint(`
inputs:
  apps: { type: integer, default: 2 }
node_templates:
  vm:
    type: cloudify.nodes.Compute
    properties: { agent_config: { install_method: none } }
    capabilities: { scalable: { properties: { default_instances: 2 } } }
  app:
    type: cloudify.nodes.ApplicationModule
    instances: { deploy: { get_input: apps } }
    relationships:
      - { type: cloudify.relationships.contained_in, target: vm }
  db:
    type: cloudify.nodes.DBMS
  cache:
    type: cloudify.nodes.DBMS
    capabilities: { scalable: { properties: { default_instances: 3 } } }
  worker:
    type: cloudify.nodes.Root
    relationships:
      - { type: cloudify.relationships.connected_to, target: cache }
      - { type: cloudify.relationships.depends_on, target: cache, properties: { connection_type: all_to_one } }
      - { type: cloudify.relationships.connected_to, target: db }
`);

test('contained_in multiplies instances per container instance; ids are <node>_<6 chars>, hosts follow containment', async (t) => {
  const plan = await planOf(t, { 'blueprint.yaml': layout });
  const count = (node: string) => plan.nodeInstances.filter((i) => i.nodeName === node).length;
  assert.deepEqual(['vm', 'app', 'db', 'cache', 'worker'].map(count), [2, 4, 1, 3, 1]);
  assert.deepEqual(
    plan.nodes.map((n) => n.deployInstances),
    [2, 2, 1, 3, 1],
  );
  for (const instance of plan.nodeInstances)
    assert.match(instance.id, new RegExp(`^${instance.nodeName}_[a-z0-9]{6}$`));
  assert.equal(new Set(plan.nodeInstances.map((i) => i.id)).size, plan.nodeInstances.length);
  const vms = plan.nodeInstances.filter((i) => i.nodeName === 'vm');
  const apps = plan.nodeInstances.filter((i) => i.nodeName === 'app');
  assert.deepEqual(
    vms.map((v) => v.hostId),
    vms.map((v) => v.id),
  );
  for (const vm of vms) {
    const inside = apps.filter((a) => a.containedInId === vm.id);
    assert.equal(inside.length, 2);
    for (const app of inside) {
      assert.equal(app.hostId, vm.id);
      assert.deepEqual(app.relationships, [
        { relationship: 0, type: 'cloudify.relationships.contained_in', targetName: 'vm', targetId: vm.id },
      ]);
    }
  }
  assert.deepEqual(
    apps.map((a) => a.index),
    [0, 1, 2, 3],
  );
  assert.equal(plan.nodeInstances.find((i) => i.nodeName === 'db')?.hostId, undefined);
});

test('all_to_all connects to every target instance, all_to_one to the smallest id, in declaration order', async (t) => {
  const plan = await planOf(t, { 'blueprint.yaml': layout }, {}, sequentialIds());
  const caches = plan.nodeInstances.filter((i) => i.nodeName === 'cache').map((i) => i.id);
  const db = plan.nodeInstances.find((i) => i.nodeName === 'db')!.id;
  const worker = plan.nodeInstances.find((i) => i.nodeName === 'worker')!;
  assert.deepEqual(
    worker.relationships.map((r) => [r.relationship, r.targetId]),
    [...caches.map((id) => [0, id]), [1, [...caches].sort()[0]], [2, db]],
  );
  assert.equal(worker.id, 'worker_000011');
});

test('inputs change the instance count; zero instances are allowed', async (t) => {
  const plan = await planOf(t, { 'blueprint.yaml': layout }, { apps: 0 });
  assert.equal(plan.nodeInstances.filter((i) => i.nodeName === 'app').length, 0);
});

test('an id generator that repeats itself is asked again', async (t) => {
  const suffixes = ['aaaaaa', 'aaaaaa', 'bbbbbb'];
  const plan = await planOf(
    t,
    {
      'blueprint.yaml': blueprint(
        `\nnode_templates:\n  n:\n    type: cloudify.nodes.Root\n    instances: { deploy: 2 }\n`,
      ),
    },
    {},
    () => suffixes.shift() ?? 'zzzzzz',
  );
  assert.deepEqual(
    plan.nodeInstances.map((i) => i.id),
    ['n_aaaaaa', 'n_bbbbbb'],
  );
});
