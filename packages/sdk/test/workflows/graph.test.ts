import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TaskGraph } from '../../src/workflows/graph.js';

test('steps start when their dependencies are done; independent ones run together', async () => {
  const graph = new TaskGraph('w');
  const log: string[] = [];
  const step = (name: string, ms: number) =>
    graph.add(name, async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      return [];
    });
  const a = step('a', 20);
  const b = step('b', 5);
  const c = step('c', 1);
  graph.addDependency(c, a);
  graph.addDependency(c, b);
  assert.deepEqual(await graph.run(), []);
  assert.deepEqual(log, ['start a', 'start b', 'end b', 'end a', 'start c', 'end c']);
});

test('a cycle is reported instead of hanging', async () => {
  const graph = new TaskGraph('w');
  const a = graph.add('a', () => Promise.resolve([]));
  const b = graph.add('b', () => Promise.resolve([]));
  graph.addDependency(a, b);
  graph.addDependency(b, a);
  const failures = await graph.run();
  assert.equal(failures.length, 1);
  assert.match(failures[0]!.message, /circular dependency: .*a, b/);
});

test('a step that throws is a failure of kind error, and later steps do not start', async () => {
  const graph = new TaskGraph('w');
  const a = graph.add('a', () => Promise.reject(new Error('boom')));
  let ran = false;
  const b = graph.add('b', () => {
    ran = true;
    return Promise.resolve([]);
  });
  graph.addDependency(b, a);
  const failures = await graph.run();
  assert.equal(failures[0]?.kind, 'error');
  assert.match(failures[0]?.message ?? '', /a: boom/);
  assert.equal(ran, false);
});
