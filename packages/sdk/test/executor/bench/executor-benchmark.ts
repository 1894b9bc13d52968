// Executor overhead against plain `node script.js` spawns (not part of the test run):
//   node --import tsx/esm packages/sdk/test/executor/bench/executor-benchmark.ts [operations] [parallelism…]
// Runs a no-op Node.js script N times both ways, in alternating batches, and prints the ratio. The plain
// spawns run a copy in the temp folder, as the executor does: next to the SDK's package.json
// ("type": "module") Node would load it as ESM, which starts slower.
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { createExecutor } from '../../../src/executor/executor.js';
import { createMemoryStorage } from '../../../src/storage/memory-storage.js';
import { buildPlan, environment, node, scriptOperation, task } from '../support.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/executor/', import.meta.url));
const operations = Number(process.argv[2] ?? 500);
const parallelisms = process.argv.slice(3).map(Number);
const scratch = await mkdtemp(join(tmpdir(), 'executor-benchmark-'));
const noop = join(scratch, 'noop.js');
await copyFile(`${FIXTURES}noop.js`, noop);

function spawnNode(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [noop], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', () => resolve());
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

const ids = Array.from({ length: operations }, (_, i) => `noop_${String(i).padStart(6, '0')}`);
const plan = buildPlan(FIXTURES, [{ name: 'noop', instances: ids }]);
const executor = createExecutor();
const deployment = await createMemoryStorage().create('bench', plan);
const { env } = environment(deployment);
const operation = scriptOperation('cloudify.interfaces.lifecycle.create', { script_path: 'noop.js' });
await executor.execute(task(plan, node(ids[0] ?? ''), operation), env); // warm-up: proxy server, ctx command

/** Batches of 50, alternating between the two ways, so load changes hit both alike. */
const BATCH = 50;
for (const parallelism of parallelisms.length > 0 ? parallelisms : [8, 1]) {
  const limit = pLimit(parallelism);
  let baseline = 0;
  let ours = 0;
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH);
    baseline += await timed(() => Promise.all(batch.map(() => limit(spawnNode))));
    ours += await timed(() =>
      Promise.all(
        batch.map((id) =>
          limit(async () => {
            const result = await executor.execute(task(plan, node(id), operation), env);
            if (result.status !== 'succeeded') throw new Error(JSON.stringify(result));
          }),
        ),
      ),
    );
  }
  console.log(
    `parallelism ${parallelism}: ${operations} × node spawn ${baseline.toFixed(2)} s, ` +
      `${operations} executor operations ${ours.toFixed(2)} s, ratio ${(ours / baseline).toFixed(3)}`,
  );
}
await deployment.close();
await executor.close();
await rm(scratch, { recursive: true });
