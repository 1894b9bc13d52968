// What can be decided before Yeoman loads (which takes about a second): whether a run without a
// terminal has a plugin name at all. create-cloudify-plugin calls it first, so that a run that
// cannot succeed fails at once; the generator itself reaches the same verdict through collectAnswers.
import { basename, resolve } from 'node:path';
import { ANSWER_SPECS, NAME_SPEC } from './answers.js';
import { missingMessage } from './collect-answers.js';
import { isUsageError } from './errors.js';
import { findPlugin } from './grow/plugin-folder.js';
import { notAPluginMessage, readStoredAnswers } from './yo-rc.js';

/** Whether missing answers can be asked: --interactive / --no-interactive, else a terminal outside CI. */
export function isInteractive(flag: unknown, stdinIsTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (typeof flag === 'boolean') return flag;
  const ci = env['CI'];
  return stdinIsTTY && (ci === undefined || ci === '' || ci === 'false' || ci === '0');
}

const VALUE_FLAGS = new Set([...ANSWER_SPECS.map((spec) => spec.flag), 'sdk']);

interface ParsedArgs {
  flags: Map<string, string | boolean>;
  positionals: string[];
}

/** A forgiving parse of the generator's command line: only what preflight needs. */
function parseArgs(args: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | boolean>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    const long = /^--(no-)?([^=]+)(?:=(.*))?$/.exec(arg);
    if (long) {
      const [, negated, name = '', inline] = long;
      if (inline !== undefined) flags.set(name, inline);
      else if (VALUE_FLAGS.has(name) && !negated) flags.set(name, args[(i += 1)] ?? '');
      else flags.set(name, !negated);
    } else if (/^-[a-zA-Z]+$/.test(arg)) {
      for (const letter of arg.slice(1)) flags.set(letter, true);
    } else {
      positionals.push(arg);
    }
  }
  return { flags, positionals };
}

export interface PreflightInput {
  /** The command-line arguments after the program name. */
  args: readonly string[];
  cwd: string;
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/**
 * The usage message when the run would stop for a missing plugin name (or --update without a
 * plugin); undefined when it may go on.
 */
export function preflight({ args, cwd, stdinIsTTY, env }: PreflightInput): string | undefined {
  const { flags, positionals } = parseArgs(args);
  if (flags.has('help') || flags.has('h')) return undefined;
  const [directory] = positionals;
  const target = directory === undefined || directory === '' ? cwd : resolve(cwd, directory);
  const updateFlag = ['update', 'check'].find((flag) => flags.get(flag) === true);
  if (updateFlag && !hasStoredName(target)) return notAPluginMessage(`--${updateFlag}`, target);
  if (isInteractive(flags.get('interactive'), stdinIsTTY, env)) return undefined;
  if (flags.has('name')) return undefined;
  if (hasStoredName(target)) return undefined;
  if (directory === undefined || directory === '') return missingMessage([NAME_SPEC], {});
  const folderName = basename(target);
  if (NAME_SPEC.defaultValue({ folderName }, {}) !== undefined) return undefined;
  return missingMessage([NAME_SPEC], { folderName });
}

function hasStoredName(dir: string): boolean {
  try {
    return readStoredAnswers(dir)?.answers.name !== undefined;
  } catch {
    return true; // an unreadable .yo-rc.json: the generator reports it
  }
}

/** The usage message when a subcommand (operation, node-type, relationship) runs outside a plugin. */
export function subcommandPreflight({
  args,
  cwd,
}: {
  args: readonly string[];
  cwd: string;
}): string | undefined {
  if (args.includes('--help') || args.includes('-h')) return undefined;
  try {
    findPlugin(cwd);
    return undefined;
  } catch (error) {
    return isUsageError(error) ? error.message : undefined; // anything else: the generator reports it
  }
}
