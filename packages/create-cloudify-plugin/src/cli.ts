#!/usr/bin/env node
// create-cloudify-plugin: `npm init cloudify-plugin [directory]` runs the generator of
// generator-cloudify-plugin (the one `yo cloudify-plugin` runs), with commander parsing and --help
// built from the generator's own options. Exit codes: 0 done, 1 failed, 2 usage.
import { fileURLToPath } from 'node:url';

const NAMESPACE = 'cloudify-plugin:app';
const GENERATOR = 'generator-cloudify-plugin/dist/generators/app/index.js';
const PREFLIGHT = 'generator-cloudify-plugin/dist/generators/lib/preflight.js';
const OPTIONS = 'generator-cloudify-plugin/dist/generators/lib/options.js';
const SUPPORTED_NODE = '^20.19.0 || >=22.13.0';

const EXAMPLES = `
Examples:
  npm init cloudify-plugin my-plugin                  # asks for what is not given
  npm init cloudify-plugin my-plugin -- --yes         # takes every default
  npm init cloudify-plugin -- --name my-plugin --license MIT --port 8081 --yes
  npx create-cloudify-plugin . --force --skip-install # into the current folder

With npm init, flags go after "--" (npm keeps the ones before it).`;

function nodeSupported(version: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return (major === 20 && minor >= 19) || (major === 22 && minor >= 13) || major > 22;
}

/** generator-cloudify-plugin's preflight (typed here: that package is built after this one). */
interface PreflightModule {
  preflight: (input: {
    args: readonly string[];
    cwd: string;
    stdinIsTTY: boolean;
    env: NodeJS.ProcessEnv;
  }) => string | undefined;
}

/** generator-cloudify-plugin's option descriptions. */
interface OptionsModule {
  optionsHelp: (version: string) => Record<string, { description: string }>;
  UNUSED_ENVIRONMENT_OPTIONS: string[];
}

/** The bits of a commander Option this file touches. */
interface HelpOption {
  long?: string;
  description: string;
  hideHelp(hide?: boolean): unknown;
}

/**
 * prepareCommand adds Yeoman's environment options first, so the generator's own words for an
 * option both declare (--force, --dry-run) are lost; options that do nothing here are hidden.
 */
async function describeEnvironmentOptions(options: readonly HelpOption[]): Promise<void> {
  const { optionsHelp, UNUSED_ENVIRONMENT_OPTIONS } = (await import(OPTIONS)) as OptionsModule;
  const generatorHelp = optionsHelp('');
  for (const option of options) {
    const name = option.long?.replace(/^--/, '') ?? '';
    if (UNUSED_ENVIRONMENT_OPTIONS.includes(name)) option.hideHelp();
    else if (name === 'force' || name === 'dry-run')
      option.description = generatorHelp[name]?.description ?? option.description;
  }
}

interface ExitingError {
  name?: string;
  code?: string | number;
  exitCode?: number;
  message?: string;
}

function fail(message: string, code: number): number {
  process.stderr.write(`${message}\n`);
  return code;
}

async function main(argv: string[]): Promise<number> {
  if (!nodeSupported()) {
    return fail(`create-cloudify-plugin needs Node.js ${SUPPORTED_NODE}; this is ${process.version}.`, 1);
  }
  // Loading Yeoman takes about a second: a run that cannot succeed without a terminal stops before.
  const { preflight } = (await import(PREFLIGHT)) as PreflightModule;
  const stop = preflight({
    args: argv.slice(2),
    cwd: process.cwd(),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    env: process.env,
  });
  if (stop !== undefined) return fail(stop, 2);

  const { prepareCommand } = await import('yeoman-environment');
  const resolved = fileURLToPath(import.meta.resolve(GENERATOR));
  const command = await prepareCommand({ resolved, namespace: NAMESPACE });
  command
    .name('create-cloudify-plugin')
    .description('Scaffold a Cloudify plugin written in TypeScript, wired to cloudify-plugin-sdk.')
    .addHelpText('after', EXAMPLES)
    .exitOverride();
  await describeEnvironmentOptions(command.options);
  try {
    await command.parseAsync(argv);
    return 0;
  } catch (caught) {
    const error = (caught ?? {}) as ExitingError;
    // commander printed its own message (or the help) already.
    if (typeof error.code === 'string' && error.code.startsWith('commander.'))
      return error.exitCode === 0 ? 0 : 2;
    if (error.name === 'UsageError') return fail(error.message ?? 'Usage error', 2);
    // The generator's verdict (update conflicts: 1; --check found an update: 2), reported already.
    if (error.name === 'ExitStatus') return fail(error.message ?? '', error.exitCode ?? 1);
    if (error.name === 'ExitPromptError' || error.name === 'AbortPromptError') return fail('Cancelled.', 1);
    return fail(`create-cloudify-plugin failed: ${error.message ?? String(caught)}`, 1);
  }
}

// `create-cloudify-plugin --help | head` closes the pipe early: that is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = await main(process.argv);
