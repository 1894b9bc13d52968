#!/usr/bin/env node
// create-cloudify-plugin: `npm init cloudify-plugin [directory]` runs the generator of
// generator-cloudify-plugin (the one `yo cloudify-plugin` runs), and `create-cloudify-plugin
// operation|node-type|relationship <name>` its subgenerators, with commander parsing and --help built
// from the generators' own options. Exit codes: 0 done, 1 failed, 2 usage.
import { fileURLToPath } from 'node:url';

const PACKAGE = 'generator-cloudify-plugin/dist/generators';
const PREFLIGHT = `${PACKAGE}/lib/preflight.js`;
const OPTIONS = `${PACKAGE}/lib/options.js`;
const COMMANDS = `${PACKAGE}/lib/grow/commands.js`;
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
  subcommandPreflight: (input: { args: readonly string[]; cwd: string }) => string | undefined;
}

/** generator-cloudify-plugin's option descriptions. */
interface OptionsModule {
  optionsHelp: (version: string) => Record<string, { description: string }>;
  UNUSED_ENVIRONMENT_OPTIONS: string[];
}

/** generator-cloudify-plugin's subcommands (the subgenerators). */
interface CommandsModule {
  SUBCOMMAND_NAMES: readonly string[];
  SUBCOMMANDS: Record<string, { summary: string; argument: { example: string } }>;
  DRY_RUN_OPTION: { description: string };
}

/** The bits of a commander Option this file touches. */
interface HelpOption {
  long?: string;
  description: string;
  defaultValue?: unknown;
  hideHelp(hide?: boolean): unknown;
}

/** The bits of yeoman-environment's command this file touches. */
interface Command {
  options: readonly HelpOption[];
  name(name: string): Command;
  description(text: string): Command;
  addHelpText(position: 'after', text: string): Command;
  exitOverride(): Command;
  parseAsync(argv: readonly string[]): Promise<unknown>;
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

/** A subgenerator takes none of Yeoman's environment options but --dry-run (in its own words). */
function describeSubcommandOptions(
  options: readonly HelpOption[],
  ownNames: ReadonlySet<string>,
  dryRun: string,
) {
  for (const option of options) {
    const name = option.long?.replace(/^--(no-)?/, '') ?? '';
    if (name === 'dry-run') {
      option.description = dryRun;
      option.defaultValue = undefined; // the description names it
    } else if (!ownNames.has(name) && name !== 'help') option.hideHelp();
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

async function prepare(generator: string, namespace: string): Promise<Command> {
  const { prepareCommand } = await import('yeoman-environment');
  const resolved = fileURLToPath(import.meta.resolve(`${PACKAGE}/${generator}/index.js`));
  return prepareCommand({ resolved, namespace });
}

/** Runs a prepared command; maps how it ended to an exit code, printing what was not printed yet. */
async function run(command: Command, argv: readonly string[]): Promise<number> {
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

async function subcommandsHelp(): Promise<string> {
  const { SUBCOMMAND_NAMES, SUBCOMMANDS } = (await import(COMMANDS)) as CommandsModule;
  const lines = SUBCOMMAND_NAMES.map((name) => {
    const spec = SUBCOMMANDS[name];
    return `  create-cloudify-plugin ${name} ${spec?.argument.example ?? ''}`;
  });
  return [
    '',
    'Grow a generated plugin (run inside it; each has --help):',
    ...lines,
    'A target folder named like one of these is reached with a path: create-cloudify-plugin ./operation',
  ].join('\n');
}

async function runApp(argv: string[]): Promise<number> {
  // Loading Yeoman takes about a second: a run that cannot succeed without a terminal stops before.
  const { preflight } = (await import(PREFLIGHT)) as PreflightModule;
  const stop = preflight({
    args: argv.slice(2),
    cwd: process.cwd(),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    env: process.env,
  });
  if (stop !== undefined) return fail(stop, 2);
  const command = await prepare('app', 'cloudify-plugin:app');
  command
    .name('create-cloudify-plugin')
    .description('Scaffold a Cloudify plugin written in TypeScript, wired to cloudify-plugin-sdk.')
    .addHelpText('after', `${EXAMPLES}\n${await subcommandsHelp()}`)
    .exitOverride();
  await describeEnvironmentOptions(command.options);
  return run(command, argv);
}

/** `create-cloudify-plugin <subcommand> …`: the subgenerator, with the subcommand taken off argv. */
async function runSubcommand(subcommand: string, argv: string[]): Promise<number> {
  const rest = [...argv.slice(0, 2), ...argv.slice(3)];
  const { subcommandPreflight } = (await import(PREFLIGHT)) as PreflightModule;
  const stop = subcommandPreflight({ args: rest.slice(2), cwd: process.cwd() });
  if (stop !== undefined) return fail(stop, 2);
  const { SUBCOMMANDS, DRY_RUN_OPTION } = (await import(COMMANDS)) as CommandsModule;
  const spec = SUBCOMMANDS[subcommand];
  const command = await prepare(subcommand, `cloudify-plugin:${subcommand}`);
  command
    .name(`create-cloudify-plugin ${subcommand}`)
    .description(spec?.summary ?? '')
    .addHelpText(
      'after',
      `\nExample:\n  npx create-cloudify-plugin ${subcommand} ${spec?.argument.example ?? ''}`,
    )
    .exitOverride();
  const own = new Set(Object.keys((spec as { options?: object } | undefined)?.options ?? {}));
  describeSubcommandOptions(command.options, own, DRY_RUN_OPTION.description);
  return run(command, rest);
}

async function main(argv: string[]): Promise<number> {
  if (!nodeSupported()) {
    return fail(`create-cloudify-plugin needs Node.js ${SUPPORTED_NODE}; this is ${process.version}.`, 1);
  }
  const { SUBCOMMAND_NAMES } = (await import(COMMANDS)) as CommandsModule;
  const first = argv[2];
  if (first !== undefined && SUBCOMMAND_NAMES.includes(first)) return runSubcommand(first, argv);
  return runApp(argv);
}

// `create-cloudify-plugin --help | head` closes the pipe early: that is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = await main(process.argv);
