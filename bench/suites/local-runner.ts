// 3. Local runner scaling: install + uninstall of 10, 100 and 1000 node instances × 5 no-op Node.js
// script operations through cloudify-plugin-sdk/local, at parallelism 1 and 8, against the floor
// of spawning `node` on the same script as many times, the same way (workers/local-runner.ts).
import type { BenchContext, Depth, Suite, SuiteResult } from '../lib/context.js';
import { formatDuration, formatRatio, markdownTable } from '../lib/markdown.js';
import { REPO_ROOT } from '../lib/sdk.js';
import { summarize, type Summary } from '../lib/stats.js';
import { runWorker } from '../lib/worker.js';
import type { LocalRunnerResult } from '../workers/local-runner.js';

interface Case {
  instances: number;
  parallelism: number;
  /** 0: skipped at that depth (1000 instances at parallelism 1 alone take about 6 minutes). */
  runs: Record<Depth, number>;
}

const CASES: Case[] = [
  { instances: 10, parallelism: 1, runs: { quick: 1, normal: 3, full: 7 } },
  { instances: 10, parallelism: 8, runs: { quick: 1, normal: 3, full: 7 } },
  { instances: 100, parallelism: 1, runs: { quick: 1, normal: 2, full: 3 } },
  { instances: 100, parallelism: 8, runs: { quick: 1, normal: 3, full: 5 } },
  { instances: 1000, parallelism: 1, runs: { quick: 0, normal: 0, full: 1 } },
  { instances: 1000, parallelism: 8, runs: { quick: 0, normal: 1, full: 2 } },
];

/**
 * Spawns per floor run, to keep `npm run bench` under 10 minutes: a spawn costs the same however
 * many there are, so the 5000-operation case compares with the rate of 1000 spawns (--full: all).
 */
const FLOOR_SPAWNS: Record<Depth, number | undefined> = { quick: 1000, normal: 1000, full: undefined };

/** Cloudify's own local workflow engine on a 2-core machine (the issue): 100 instances × 5 operations. */
const CLOUDIFY_500_OPS_MS: Record<number, number> = { 1: 101_900, 8: 16_400 };

interface Measured {
  case: Case;
  operations: number;
  floorSpawns: number;
  ours: Summary;
  floor: Summary;
}

async function measure(c: Case, runs: number, context: BenchContext): Promise<Measured> {
  const cap = FLOOR_SPAWNS[context.depth];
  const result = await runWorker<LocalRunnerResult>(
    'local-runner',
    [String(c.instances), String(c.parallelism), String(runs), ...(cap ? [String(cap)] : [])],
    { cwd: REPO_ROOT, env: context.env, timeoutMs: 30 * 60_000 },
  );
  return {
    case: c,
    operations: result.operations,
    floorSpawns: result.floorSpawns,
    ours: summarize(result.ours),
    floor: summarize(result.floor),
  };
}

const oursPerOp = (m: Measured) => m.ours.median / m.operations;
const floorPerOp = (m: Measured) => m.floor.median / m.floorSpawns;

function row(m: Measured, all: Measured[]): (string | number)[] {
  const smallest = all.find((o) => o.case.parallelism === m.case.parallelism);
  const cloudify = m.case.instances === 100 ? CLOUDIFY_500_OPS_MS[m.case.parallelism] : undefined;
  return [
    m.case.instances,
    m.operations,
    m.case.parallelism,
    m.ours.runs,
    formatDuration(m.ours.median),
    formatDuration(m.ours.min),
    formatDuration(m.ours.max),
    formatDuration(oursPerOp(m)),
    smallest && smallest !== m ? formatRatio(oursPerOp(m), oursPerOp(smallest)) : '—',
    m.floorSpawns,
    formatDuration(m.floor.median),
    formatDuration(floorPerOp(m)),
    formatRatio(oursPerOp(m), floorPerOp(m)),
    cloudify === undefined ? '—' : formatRatio(m.ours.median, cloudify),
  ];
}

export const localRunner: Suite = {
  name: 'local-runner',
  async run(context: BenchContext): Promise<SuiteResult> {
    const measured: Measured[] = [];
    const skipped: Case[] = [];
    for (const c of CASES) {
      const runs = c.runs[context.depth];
      if (runs === 0) {
        skipped.push(c);
        continue;
      }
      context.log(`local runner: ${c.instances} instances, parallelism ${c.parallelism}, ${runs} run(s)`);
      const m = await measure(c, runs, context);
      measured.push(m);
      context.log(
        `local runner: ${c.instances} × p${c.parallelism}: ${formatDuration(oursPerOp(m))} per operation, floor ${formatDuration(floorPerOp(m))}`,
      );
    }
    const table = markdownTable(
      [
        'instances',
        'operations',
        'parallelism',
        'runs',
        'cloudify-local median',
        'min',
        'max',
        'per operation',
        'per-op growth vs 10',
        'floor spawns',
        'floor median',
        'floor per op',
        '÷ floor',
        '÷ Cloudify (quoted)',
      ],
      measured.map((m) => row(m, measured)),
    );
    const notes = [
      'Each instance has 5 no-op Node.js script operations: create, configure, start (install) and stop, delete (uninstall). Timed from the start of install to the end of uninstall (init not included), with the default file storage.',
      'Floor: `node noop.cjs` spawned one after another or 8 at a time, the way the executor spawns (own process group, piped output), as many times as there are operations (the 5000-operation case: 1000 spawns per run, compared per operation; `--full` spawns all). Ours and the floor alternate run by run, after a warm-up.',
      'Cloudify (quoted, not measured here): 100 instances × 5 operations in 16.4 s at 8 threads and 101.9 s at 1 thread on a 2-core machine.',
      'Targets (500 operations): within 1.15× of the floor at parallelism 8 and 1.25× at parallelism 1.',
    ];
    if (skipped.length > 0) {
      notes.push(
        `Skipped at this depth: ${skipped.map((c) => `${c.instances} instances at parallelism ${c.parallelism}`).join(', ')} (npm run bench -- --full runs them).`,
      );
    }
    return { title: 'Local runner scaling: install + uninstall', tables: [table], notes };
  },
};
