// npm run bench: every comparison of BENCHMARKS.md in one process tree, each measured several
// times after a warm-up, alternating ours and the peers run by run; prints one markdown table per
// comparison (median, min, max, ratio to each peer). Not part of npm test.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { BenchContext, Depth, Suite, SuiteResult } from './lib/context.js';
import { measuredEnv } from './lib/environment.js';
import { describeMachine, loadAverage } from './lib/machine.js';
import { installPeers, locatePeers, PEER_PACKAGES, type Peers } from './lib/peers.js';
import { Scratch } from './lib/scratch.js';
import { blueprintEngine } from './suites/blueprint-engine.js';
import { ctxProxy } from './suites/ctx-proxy.js';
import { generation } from './suites/generation.js';
import { localRunner } from './suites/local-runner.js';
import { pluginCosts } from './suites/plugin-costs.js';

const SUITES: Suite[] = [generation, pluginCosts, localRunner, ctxProxy, blueprintEngine];

const HELP = `Usage: npm run bench -- [options]

Runs the comparisons of BENCHMARKS.md and prints one markdown table for each.

Options:
  --only <names>      comma-separated subset: ${SUITES.map((s) => s.name).join(', ')}
  --quick             one run of each measurement, no 1000-instance case (a smoke test; noisy numbers)
  --full              more runs, and all local runner cases with every spawn of the floor (about 30 min)
  --out <file>        also write the report (machine and tables) as markdown to <file>
  --peers-dir <dir>   use the peers already installed in <dir> (npm i ${PEER_PACKAGES.join(' ')})
  --keep-ca-certs     keep NODE_EXTRA_CA_CERTS in the measured environment (removed by default)
  --keep-temp         keep the temporary folder (its path is printed)
  -h, --help          show this help

Exit codes: 0 done, 1 a measurement failed, 2 usage error.`;

class UsageError extends Error {}

interface Options {
  suites: Suite[];
  depth: Depth;
  out?: string;
  peersDir?: string;
  keepCaCerts: boolean;
  keepTemp: boolean;
}

function parseOptions(argv: string[]): Options | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        only: { type: 'string' },
        quick: { type: 'boolean', default: false },
        full: { type: 'boolean', default: false },
        out: { type: 'string' },
        'peers-dir': { type: 'string' },
        'keep-ca-certs': { type: 'boolean', default: false },
        'keep-temp': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return undefined;
  if (values.quick && values.full) throw new UsageError('--quick and --full exclude each other: pick one');
  let suites = SUITES;
  if (values.only !== undefined) {
    const names = values.only.split(',').map((n) => n.trim());
    const unknown = names.filter((n) => !SUITES.some((s) => s.name === n));
    if (unknown.length > 0) {
      throw new UsageError(
        `--only: unknown comparison ${unknown.join(', ')}; choose from ${SUITES.map((s) => s.name).join(', ')}`,
      );
    }
    suites = SUITES.filter((s) => names.includes(s.name));
  }
  return {
    suites,
    depth: values.quick ? 'quick' : values.full ? 'full' : 'normal',
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(values['peers-dir'] !== undefined ? { peersDir: values['peers-dir'] } : {}),
    keepCaCerts: values['keep-ca-certs'],
    keepTemp: values['keep-temp'],
  };
}

const started = performance.now();
const log = (message: string) => {
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  process.stderr.write(`[bench ${minutes} min] ${message}\n`);
};

/** A section: its title (numbered as in BENCHMARKS.md), its tables, then its notes as one list. */
function render(result: SuiteResult, number: number): string {
  const notes = result.notes.map((n) => `- ${n}`).join('\n');
  return [`## ${number}. ${result.title}`, ...result.tables, notes].join('\n\n');
}

async function main(options: Options): Promise<void> {
  const scratch = new Scratch(options.keepTemp);
  if (options.keepTemp) log(`temporary folder: ${scratch.root}`);
  let peers: Promise<Peers> | undefined;
  const context: BenchContext = {
    scratch,
    env: measuredEnv({ keepCaCerts: options.keepCaCerts }),
    setupEnv: measuredEnv({ keepCaCerts: true }),
    depth: options.depth,
    log,
    peers: () =>
      (peers ??= (async () => {
        let dir = options.peersDir;
        if (dir === undefined) {
          dir = scratch.dir('peers');
          log(`installing ${PEER_PACKAGES.join(', ')} into ${dir}`);
          await installPeers(dir, context.setupEnv);
        }
        return locatePeers(dir);
      })()),
  };
  const machine = describeMachine();
  const header = [
    '# Benchmark results',
    machine.join('\n'),
    `- measured environment: NODE_EXTRA_CA_CERTS ${options.keepCaCerts ? 'kept' : 'removed'}; depth: ${options.depth}`,
  ].join('\n\n');
  process.stdout.write(`${header}\n\n`);
  const sections: string[] = [];
  for (const suite of options.suites) {
    log(`${suite.name}: starting (load average ${loadAverage()})`);
    const section = render(await suite.run(context), SUITES.indexOf(suite) + 1);
    sections.push(section);
    process.stdout.write(`${section}\n\n`);
  }
  const footer = `Total ${((performance.now() - started) / 60_000).toFixed(1)} min; load average at the end ${loadAverage()}.`;
  process.stdout.write(`${footer}\n`);
  if (options.out !== undefined) {
    await writeFile(options.out, `${[header, ...sections, footer].join('\n\n')}\n`);
    log(`report written to ${options.out}`);
  }
}

try {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    process.stdout.write(`${HELP}\n`);
  } else {
    await main(options);
  }
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`bench: ${error.message}\n\n${HELP}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
