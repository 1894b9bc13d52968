// create-cloudify-plugin without Yeoman: `create-cloudify-plugin [directory]` runs the generator's own
// run (lib/plugin-generation.ts) and `create-cloudify-plugin <subcommand> <name>` a subgenerator's
// (lib/grow/run-subcommand.ts), with commander for the flags. The prompts and the update machinery
// are loaded only by the runs that need them. Exit codes: 0 done, 1 failed, 2 usage.
import { isExitStatus, isPromptCancelled, isUsageError } from '../errors.js';
import { isSubcommand, type SubcommandName } from '../grow/commands.js';
import { findGeneratorPackage, templatesDirFor } from '../package-info.js';
import { consoleLog } from './console-log.js';
import { parseGeneratorArgs, parseSubcommandArgs, PROGRAM } from './program.js';

interface ErrorShape {
  code?: unknown;
  exitCode?: unknown;
  message?: unknown;
}

function fail(message: string, code: number): number {
  process.stderr.write(`${message}\n`);
  return code;
}

/** How a run that threw ends: commander has printed its own message (or the help) already. */
function exitCodeOf(caught: unknown): number {
  const error = (caught ?? {}) as ErrorShape;
  const message = typeof error.message === 'string' ? error.message : String(caught);
  if (typeof error.code === 'string' && error.code.startsWith('commander.'))
    return error.exitCode === 0 ? 0 : 2;
  if (isUsageError(caught)) return fail(message, 2);
  // The run's verdict (update conflicts: 1; --check found an update: 2), reported already.
  if (isExitStatus(caught)) return fail(message, caught.exitCode);
  if (isPromptCancelled(caught)) return fail('Cancelled.', 1);
  return fail(`${PROGRAM} failed: ${message}`, 1);
}

async function generate(args: readonly string[]): Promise<void> {
  const generatorPackage = findGeneratorPackage(import.meta.url);
  const { argument, flag } = parseGeneratorArgs(args, generatorPackage.version);
  const { PluginGeneration } = await import('../plugin-generation.js');
  const generation = new PluginGeneration({
    cwd: process.cwd(),
    directory: argument === '' ? undefined : argument,
    flag,
    log: consoleLog(),
    prompt: async (question) => (await import('./prompt.js')).ask(question),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    env: process.env,
    templatesDir: templatesDirFor(generatorPackage),
  });
  await generation.run();
}

async function grow(subcommand: SubcommandName, args: readonly string[]): Promise<void> {
  const { argument, flag } = parseSubcommandArgs(subcommand, args);
  const { runSubcommand } = await import('../grow/run-subcommand.js');
  await runSubcommand(subcommand, { cwd: process.cwd(), name: argument, flag, log: consoleLog() });
}

/** Runs the command line `args` (after the program name); resolves to the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  const [first, ...rest] = args;
  try {
    await (isSubcommand(first) ? grow(first, rest) : generate(args));
    return 0;
  } catch (caught) {
    return exitCodeOf(caught);
  }
}
