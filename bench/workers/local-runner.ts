// Worker: install + uninstall of the local-runner fixture blueprint with N node instances through
// cloudify-plugin-sdk/local (file storage, as cloudify-local uses), against the floor of spawning
// `node` on the same no-op script the same number of times (or at most <floor spawns>, for a
// per-operation rate), sequentially or P at a time, run by run in alternating order.
//   node --import tsx/esm bench/workers/local-runner.ts <instances> <parallelism> <runs> [floor spawns]
import { spawn } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureInterleaved } from '../lib/interleave.js';
import { sdkModule } from '../lib/sdk.js';
import { reportResult } from '../lib/worker.js';

type Local = typeof import('../../packages/sdk/src/local.js');

export interface LocalRunnerResult {
  operations: number;
  /** Spawns per floor run: the number of operations, unless capped. */
  floorSpawns: number;
  ours: number[];
  floor: number[];
}

const FIXTURE = fileURLToPath(new URL('../fixtures/local-runner/', import.meta.url));
/** create, configure, start (install) + stop, delete (uninstall). */
const OPERATIONS_PER_INSTANCE = 5;

const [instances, parallelism, runs, cap] = process.argv.slice(2).map(Number);
if (!instances || !parallelism || !runs) {
  process.stderr.write('usage: local-runner.ts <instances> <parallelism> <runs> [floor spawns]\n');
  process.exit(2);
}
const operations = instances * OPERATIONS_PER_INSTANCE;
const floorSpawns = cap ? Math.min(cap, operations) : operations;

const local = await sdkModule<Local>('local.js');
const scratch = await mkdtemp(join(tmpdir(), 'bench-local-runner-'));

/** The workflows of one deployment, timed from the start of install to the end of uninstall. */
async function installUninstall(count: number, round: number): Promise<number> {
  const storageDir = join(scratch, `state-${round}`);
  const env = await local.initEnvironment({
    blueprint: join(scratch, 'blueprint', 'blueprint.yaml'),
    inputs: { instances: count },
    storageDir,
  });
  try {
    const started = performance.now();
    for (const workflow of ['install', 'uninstall']) {
      const summary = await env.execute(workflow, { parallelism, taskRetries: 0 });
      if (summary.operations !== count * 3 && summary.operations !== count * 2) {
        throw new Error(`${workflow} ran ${summary.operations} operations for ${count} instances`);
      }
    }
    return performance.now() - started;
  } finally {
    await env.close();
    await rm(storageDir, { recursive: true, force: true });
  }
}

/** One `node <script>`, spawned as the executor spawns a script (own process group, piped output). */
function spawnNode(script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`node ${script} exited with ${code}`)),
    );
  });
}

async function spawnFloor(count: number): Promise<number> {
  const script = join(scratch, 'floor', 'noop.cjs');
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallelism! }, async () => {
      while (next < count) {
        next++;
        await spawnNode(script);
      }
    }),
  );
  return performance.now() - started;
}

try {
  await cp(FIXTURE, join(scratch, 'blueprint'), { recursive: true });
  // The script alone in a folder, as the executor places it for each operation.
  await mkdir(join(scratch, 'floor'));
  await copyFile(join(FIXTURE, 'scripts', 'noop.cjs'), join(scratch, 'floor', 'noop.cjs'));
  // Warm-up: module loading, the ctx command bundle, the file system caches.
  const warmup = Math.min(instances, 10);
  await installUninstall(warmup, -1);
  await spawnFloor(warmup * OPERATIONS_PER_INSTANCE);
  const samples = await measureInterleaved(
    [
      { name: 'floor', run: () => spawnFloor(floorSpawns) },
      { name: 'ours', run: (round) => installUninstall(instances, round) },
    ],
    {
      warmup: 0,
      runs,
      onRun: (name, round, ms) => process.stderr.write(`  ${name} run ${round + 1}: ${ms.toFixed(0)} ms\n`),
    },
  );
  const result: LocalRunnerResult = {
    operations,
    floorSpawns,
    ours: samples.get('ours')!,
    floor: samples.get('floor')!,
  };
  reportResult(result);
} finally {
  await rm(scratch, { recursive: true, force: true });
}
