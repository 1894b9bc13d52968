// 2. What a generated plugin costs its author: `npm install` with a warm cache (no lockfile, as
// right after generation), packages and node_modules size, and the wall time of its test, lint and
// build scripts; beside the projects create-vite (vanilla-ts) and yo code (TypeScript) generate.
// The plugin depends on the SDK packed as npm would publish it.
import { existsSync } from 'node:fs';
import { cp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchContext, Suite, SuiteResult } from '../lib/context.js';
import { measureInterleaved } from '../lib/interleave.js';
import { formatBytes, formatDuration, formatRatio, markdownTable } from '../lib/markdown.js';
import { directoryBytes, installedPackages } from '../lib/node-modules.js';
import { runCommand } from '../lib/processes.js';
import { REPO_ROOT } from '../lib/sdk.js';
import { summarize, type Summary } from '../lib/stats.js';

const CREATE_BIN = join(REPO_ROOT, 'packages', 'create-cloudify-plugin', 'dist', 'cli.js');
// npm install is slow and bound by npm, not by us: one measured run after the warm-up.
const INSTALL_RUNS = { quick: 1, normal: 1, full: 3 };
const SCRIPT_RUNS = { quick: 1, normal: 2, full: 5 };
const SCRIPTS = ['test', 'lint', 'build'] as const;
type Script = (typeof SCRIPTS)[number];

interface Project {
  name: string;
  dir: string;
  /** The project's npm script for each of ours, when it has one that does the same job. */
  scripts: Partial<Record<Script, string>>;
}

interface Measured {
  install: Summary;
  packages: number;
  bytes: number;
  devDependencies: number;
  scripts: Partial<Record<Script, Summary>>;
}

async function packSdk(context: BenchContext): Promise<string> {
  const dir = context.scratch.dir('sdk-pack');
  await runCommand('npm', ['pack', '--pack-destination', dir], {
    cwd: join(REPO_ROOT, 'packages', 'sdk'),
    env: context.setupEnv,
  });
  const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${dir}`);
  return join(dir, tarball);
}

async function generateProjects(context: BenchContext): Promise<Project[]> {
  const peers = await context.peers();
  const root = context.scratch.dir('plugin-costs');
  const env = context.setupEnv;
  await runCommand(
    process.execPath,
    [CREATE_BIN, 'bench-plugin', '--yes', '--skip-install', '--no-git', '--sdk', await packSdk(context)],
    { cwd: root, env },
  );
  await runCommand(
    process.execPath,
    [peers.createVite, 'vite-app', '--template', 'vanilla-ts', '--no-interactive'],
    {
      cwd: root,
      env,
    },
  );
  // yo writes as uid 1000 when started as root; a copy makes the project root's, like the others
  // (npm started by root runs scripts as the owner of the project folder).
  const yoOut = context.scratch.dir('plugin-costs-yo/out', true);
  await runCommand(
    process.execPath,
    [peers.yo, 'code', 'code-ext', '-t=ts', '-q', '--skip-install', '--no-gitInit'],
    {
      cwd: yoOut,
      env: {
        ...env,
        HOME: context.scratch.dir('plugin-costs-yo/home', true),
        NODE_PATH: peers.nodePath,
        NO_UPDATE_NOTIFIER: '1',
      },
    },
  );
  await cp(join(yoOut, 'code-ext'), join(root, 'code-ext'), { recursive: true });
  return [
    {
      name: 'cloudify plugin',
      dir: join(root, 'bench-plugin'),
      scripts: { test: 'test', lint: 'lint', build: 'build' },
    },
    { name: 'create-vite vanilla-ts', dir: join(root, 'vite-app'), scripts: { build: 'build' } },
    // Its `test` downloads and starts VS Code: not comparable.
    { name: 'yo code (ts)', dir: join(root, 'code-ext'), scripts: { lint: 'lint', build: 'compile' } },
  ];
}

async function npmInstall(project: Project, context: BenchContext): Promise<number> {
  await rm(join(project.dir, 'node_modules'), { recursive: true, force: true });
  await rm(join(project.dir, 'package-lock.json'), { force: true });
  const { elapsedMs } = await runCommand('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: project.dir,
    env: context.env,
    timeoutMs: 10 * 60_000,
  });
  return elapsedMs;
}

async function devDependencies(project: Project): Promise<number> {
  const manifest = JSON.parse(await readFile(join(project.dir, 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  return Object.keys(manifest.devDependencies ?? {}).length;
}

export const pluginCosts: Suite = {
  name: 'plugin-costs',
  async run(context: BenchContext): Promise<SuiteResult> {
    context.log('plugin costs: packing the SDK and generating the three projects');
    const projects = await generateProjects(context);
    const installRuns = INSTALL_RUNS[context.depth];
    const installs = await measureInterleaved(
      projects.map((p) => ({ name: p.name, run: () => npmInstall(p, context) })),
      {
        // The warm-up round fills the npm cache.
        warmup: 1,
        runs: installRuns,
        onRun: (name, round, ms) =>
          context.log(`plugin costs: npm install ${round + 1}/${installRuns}: ${name} ${formatDuration(ms)}`),
      },
    );
    const measured = new Map<string, Measured>();
    for (const p of projects) {
      measured.set(p.name, {
        install: summarize(installs.get(p.name)!),
        packages: await installedPackages(p.dir),
        bytes: await directoryBytes(join(p.dir, 'node_modules')),
        devDependencies: await devDependencies(p),
        scripts: {},
      });
    }
    const scriptRuns = SCRIPT_RUNS[context.depth];
    for (const script of SCRIPTS) {
      const runners = projects.filter((p) => p.scripts[script] !== undefined);
      const samples = await measureInterleaved(
        runners.map((p) => ({
          name: p.name,
          run: async () =>
            (await runCommand('npm', ['run', p.scripts[script]!], { cwd: p.dir, env: context.env }))
              .elapsedMs,
        })),
        {
          warmup: 1,
          runs: scriptRuns,
          onRun: (name, round, ms) =>
            context.log(
              `plugin costs: npm run ${script} ${round + 1}/${scriptRuns}: ${name} ${formatDuration(ms)}`,
            ),
        },
      );
      for (const p of runners) measured.get(p.name)!.scripts[script] = summarize(samples.get(p.name)!);
    }
    if (!existsSync(join(projects[0]!.dir, 'dist')))
      throw new Error(`npm run build wrote no dist/ in ${projects[0]!.dir}`);
    return {
      title: 'Generated plugin costs',
      tables: [costTable(projects, measured)],
      notes: [
        `Cells: median (min–max). npm install (${installRuns} run(s)): no lockfile and no node_modules before each run, as right after generation, with the npm cache warmed by a first install that is not counted; the plugin depends on the SDK tarball \`npm pack\` makes. Scripts: ${scriptRuns} runs after a warm-up.`,
        'npm test of the plugin runs its unit tests and its workflow test (the real web server under cloudify-local). create-vite has no lint or test script; yo code’s test downloads VS Code, so it is left out; its build is `npm run compile`.',
        'Targets: npm test under 5 s; no more dev dependencies than the toolchain needs.',
      ],
    };
  },
};

function costTable(projects: Project[], measured: Map<string, Measured>): string {
  const [ours, ...peers] = projects.map((p) => measured.get(p.name)!);
  const spread = (s: Summary | undefined) =>
    s ? `${formatDuration(s.median)} (${formatDuration(s.min)}–${formatDuration(s.max)})` : 'n/a';
  const rows: string[][] = [];
  const add = (label: string, cell: (m: Measured) => string, value: (m: Measured) => number | undefined) => {
    const ratios = peers.map((peer) => {
      const a = value(ours!);
      const b = value(peer);
      return a === undefined || b === undefined ? 'n/a' : formatRatio(a, b);
    });
    rows.push([label, ...projects.map((p) => cell(measured.get(p.name)!)), ...ratios]);
  };
  add(
    'npm install (warm cache)',
    (m) => spread(m.install),
    (m) => m.install.median,
  );
  add(
    'packages installed',
    (m) => String(m.packages),
    (m) => m.packages,
  );
  add(
    'node_modules size',
    (m) => formatBytes(m.bytes),
    (m) => m.bytes,
  );
  add(
    'direct dev dependencies',
    (m) => String(m.devDependencies),
    (m) => m.devDependencies,
  );
  for (const script of SCRIPTS) {
    add(
      `npm run ${script}`,
      (m) => spread(m.scripts[script]),
      (m) => m.scripts[script]?.median,
    );
  }
  return markdownTable(
    ['measure', ...projects.map((p) => p.name), ...projects.slice(1).map((p) => `ours ÷ ${p.name}`)],
    rows,
  );
}
