// 5. Blueprint engine: parse + validate + plan blueprints of 100, 1000 and 10 000 node templates,
// each run cold in a fresh process (workers/blueprint-engine.ts); growth should be about linear.
import type { BenchContext, Suite, SuiteResult } from '../lib/context.js';
import { writeBlueprint } from '../lib/blueprint-generator.js';
import { measureInterleaved } from '../lib/interleave.js';
import { formatDuration, formatRatio, markdownTable } from '../lib/markdown.js';
import { REPO_ROOT } from '../lib/sdk.js';
import { growthExponent, median, summarize } from '../lib/stats.js';
import { runWorker } from '../lib/worker.js';
import type { BlueprintEngineResult } from '../workers/blueprint-engine.js';

const SIZES = [100, 1000, 10_000];
const RUNS = { quick: 1, normal: 3, full: 10 };
/** Cloudify's DSL parser plus deployment plan (the issue, quoted, not measured here). */
const CLOUDIFY_MS: Record<number, number> = { 100: 1700, 1000: 30_000 };
const TARGET_MS: Record<number, number> = { 1000: 300, 10_000: 3000 };

export const blueprintEngine: Suite = {
  name: 'blueprint-engine',
  async run(context: BenchContext): Promise<SuiteResult> {
    const runs = RUNS[context.depth];
    const files = new Map<number, string>();
    for (const size of SIZES)
      files.set(size, await writeBlueprint(context.scratch.dir(`blueprints/${size}`), size));
    const results = new Map<number, BlueprintEngineResult[]>(SIZES.map((s) => [s, []]));
    const samples = await measureInterleaved(
      SIZES.map((size) => ({
        name: String(size),
        run: async () => {
          const result = await runWorker<BlueprintEngineResult>('blueprint-engine', [files.get(size)!], {
            cwd: REPO_ROOT,
            env: context.env,
          });
          if (result.nodes !== size)
            throw new Error(`the plan of ${size} node templates has ${result.nodes} nodes`);
          results.get(size)!.push(result);
          return result.loadMs + result.planMs;
        },
      })),
      {
        warmup: 1,
        runs,
        onRun: (name, round, ms) =>
          context.log(`blueprint engine ${round + 1}/${runs}: ${name} templates ${formatDuration(ms)}`),
      },
    );
    const rows = SIZES.map((size, i) => {
      const s = summarize(samples.get(size.toString())!);
      // Only the measured runs (the warm-up is the first result of each size).
      const measured = results.get(size)!.slice(-runs);
      const previous = i > 0 ? SIZES[i - 1]! : undefined;
      const growth =
        previous === undefined
          ? '—'
          : growthExponent(previous, median(samples.get(String(previous))!), size, s.median).toFixed(2);
      return [
        size,
        s.runs,
        formatDuration(s.median),
        formatDuration(s.min),
        formatDuration(s.max),
        formatDuration(median(measured.map((r) => r.loadMs))),
        formatDuration(median(measured.map((r) => r.planMs))),
        formatDuration(s.median / size),
        growth,
        TARGET_MS[size] === undefined ? '—' : `< ${formatDuration(TARGET_MS[size])}`,
        CLOUDIFY_MS[size] === undefined ? '—' : formatRatio(s.median, CLOUDIFY_MS[size]),
      ];
    });
    const imports = results.get(SIZES[0]!)!.map((r) => r.importMs);
    const table = markdownTable(
      [
        'node templates',
        'runs',
        'median',
        'min',
        'max',
        'parse + validate',
        'plan',
        'per template',
        'growth exponent',
        'target',
        '÷ Cloudify (quoted)',
      ],
      rows,
    );
    return {
      title: 'Blueprint engine: parse + validate + plan, cold',
      tables: [table],
      notes: [
        `Each run is a fresh Node.js process (cold JIT): loadBlueprint then createPlan, timed inside it; loading the engine's modules before that takes ${formatDuration(median(imports))} more (median), not included.`,
        'Growth exponent k from the size before: time ∝ size^k (1 is linear).',
        'Cloudify (quoted, not measured here): its DSL parser plus deployment plan takes 1.7 s for 100 node templates and 30 s for 1000.',
      ],
    };
  },
};
