// 1. Generation, no install and no git: create-cloudify-plugin and yo cloudify-plugin against
// create-vite (vanilla-ts) and yo code (TypeScript extension), wall time of the whole process.
import { join } from 'node:path';
import type { BenchContext, Suite, SuiteResult } from '../lib/context.js';
import { measureInterleaved } from '../lib/interleave.js';
import { formatDuration, formatRatio, markdownTable } from '../lib/markdown.js';
import { runCommand } from '../lib/processes.js';
import { REPO_ROOT } from '../lib/sdk.js';
import { summarize } from '../lib/stats.js';

const CREATE_BIN = join(REPO_ROOT, 'packages', 'create-cloudify-plugin', 'dist', 'cli.js');
const RUNS = { quick: 1, normal: 5, full: 10 };

interface Tool {
  name: string;
  /** As a user types it. */
  shown: string;
  args(dir: string): string[];
  yo: boolean;
}

/**
 * What a generation is made of, each in a fresh Node process: Node's own start, loading the
 * create CLI's modules, the one `git config` it runs (the author's default), and what yo adds.
 */
const STEPS = [
  { name: 'node (empty script)', code: '' },
  {
    name: "create-cloudify-plugin's modules (commander, the answer checks, rendering)",
    code: ['cli/program.js', 'plugin-generation.js']
      .map(
        (module) => `await import(${JSON.stringify(join(REPO_ROOT, 'dist', 'generators', 'lib', module))});`,
      )
      .join(''),
  },
  {
    name: 'git config --get-regexp user (the author default)',
    code: "(await import('node:child_process')).spawnSync('git', ['config', '--get-regexp', '^user']);",
  },
  { name: "import('yeoman-environment') (yo only)", code: "await import('yeoman-environment');" },
];

async function importCosts(context: BenchContext, runs: number): Promise<string> {
  const rows: (string | number)[][] = [];
  const variants = STEPS;
  const samples = await measureInterleaved(
    variants.map((v) => ({
      name: v.name,
      run: async () =>
        (
          await runCommand(process.execPath, ['--input-type=module', '-e', v.code], {
            cwd: REPO_ROOT,
            env: context.env,
          })
        ).elapsedMs,
    })),
    { warmup: 1, runs },
  );
  for (const v of variants) {
    const s = summarize(samples.get(v.name)!);
    rows.push([v.name, formatDuration(s.median), formatDuration(s.min), formatDuration(s.max)]);
  }
  return markdownTable(['process', 'median', 'min', 'max'], rows);
}

export const generation: Suite = {
  name: 'generation',
  async run(context: BenchContext): Promise<SuiteResult> {
    const peers = await context.peers();
    const runs = RUNS[context.depth];
    const yoHome = context.scratch.dir('generation/yo-home', true);
    const tools: Tool[] = [
      {
        name: 'create-cloudify-plugin',
        shown: 'create-cloudify-plugin <dir> --yes --skip-install --no-git',
        args: (dir) => [CREATE_BIN, dir, '--yes', '--skip-install', '--no-git'],
        yo: false,
      },
      {
        name: 'yo cloudify-plugin',
        shown: 'yo cloudify-plugin <dir> --yes --skip-install --no-git',
        args: (dir) => [peers.yo, 'cloudify-plugin', dir, '--yes', '--skip-install', '--no-git'],
        yo: true,
      },
      {
        name: `create-vite ${peers.versions['create-vite']}`,
        shown: 'create-vite <dir> --template vanilla-ts --no-interactive',
        args: (dir) => [peers.createVite, dir, '--template', 'vanilla-ts', '--no-interactive'],
        yo: false,
      },
      {
        name: `yo code (generator-code ${peers.versions['generator-code']})`,
        shown: 'yo code <dir> -t=ts -q --skip-install --no-gitInit',
        args: (dir) => [peers.yo, 'code', dir, '-t=ts', '-q', '--skip-install', '--no-gitInit'],
        yo: true,
      },
    ];
    const yoEnv = { ...context.env, HOME: yoHome, NODE_PATH: peers.nodePath, NO_UPDATE_NOTIFIER: '1' };
    const samples = await measureInterleaved(
      tools.map((tool, index) => ({
        name: tool.name,
        run: async (round) => {
          // yo runs as uid 1000 when started as root: its folder must be writable by that user.
          const cwd = context.scratch.dir(`generation/${index}-${round + 10}`, tool.yo);
          const result = await runCommand(process.execPath, tool.args('out'), {
            cwd,
            env: tool.yo ? yoEnv : context.env,
            timeoutMs: 120_000,
          });
          return result.elapsedMs;
        },
      })),
      {
        warmup: 1,
        runs,
        onRun: (name, round, ms) =>
          context.log(`generation ${round + 1}/${runs}: ${name} ${formatDuration(ms)}`),
      },
    );
    const summaries = tools.map((t) => summarize(samples.get(t.name)!));
    const [, , vite, code] = summaries;
    const rows = tools.map((tool, i) => {
      const s = summaries[i]!;
      return [
        tool.name,
        `\`${tool.shown}\``,
        s.runs,
        formatDuration(s.median),
        formatDuration(s.min),
        formatDuration(s.max),
        formatRatio(s.median, vite!.median),
        formatRatio(s.median, code!.median),
      ];
    });
    const table = markdownTable(
      ['tool', 'command', 'runs', 'median', 'min', 'max', '÷ create-vite', '÷ yo code'],
      rows,
    );
    context.log('generation: startup cost of the modules it loads');
    const imports = await importCosts(context, Math.min(runs, 3));
    return {
      title: 'Generation (no install, no git): wall time of the whole process',
      tables: [table, `Where our generation time goes (a fresh Node.js process each):\n\n${imports}`],
      notes: [
        `Targets: create-cloudify-plugin within 4× create-vite and under a third of yo code. Runs alternate between the tools, after one warm-up round.`,
        'yo code runs without `git init` (--no-gitInit), like the others; it looks up the latest @types/vscode on the registry, which fails and falls back at once when NODE_EXTRA_CA_CERTS is removed.',
      ],
    };
  },
};
