// create-cloudify-plugin's command lines, built with commander from the definitions yo's generators
// declare too: lib/options.ts for the generator, lib/grow/commands.ts for each subcommand.
import { Command, Option } from 'commander';
import { camelCase } from '../answers.js';
import { SUBCOMMAND_NAMES, SUBCOMMANDS, subcommandOptions, type SubcommandName } from '../grow/commands.js';
import { DIRECTORY_ARGUMENT, generatorOptions } from '../options.js';

export const PROGRAM = 'create-cloudify-plugin';

const EXAMPLES = `
Examples:
  npm init cloudify-plugin my-plugin                  # asks for what is not given
  npm init cloudify-plugin my-plugin -- --yes         # takes every default
  npm init cloudify-plugin -- --name my-plugin --license MIT --port 8081 --yes
  npx create-cloudify-plugin . --force --skip-install # into the current folder

With npm init, flags go after "--" (npm keeps the ones before it).`;

function subcommandsHelp(): string {
  return [
    '',
    'Grow a generated plugin (run inside it; each has --help):',
    ...SUBCOMMAND_NAMES.map((name) => `  ${PROGRAM} ${name} ${SUBCOMMANDS[name].argument.example}`),
    `A target folder named like one of these is reached with a path: ${PROGRAM} ./operation`,
  ].join('\n');
}

interface OptionInput {
  name: string;
  /** list: repeatable, collected into an array. */
  type: 'string' | 'boolean' | 'list';
  description: string;
  alias?: string;
  defaultValue?: boolean;
}

/**
 * Declares an option; a boolean one also gets its --no- form, hidden, as yo accepts it. Declared
 * after the positive form, the negation leaves the value undefined unless one of them is given.
 */
function addOption(command: Command, { name, type, description, alias, defaultValue }: OptionInput): void {
  const value = type === 'string' ? ' <value>' : type === 'list' ? ' <value...>' : '';
  const option = new Option(`${alias ? `-${alias}, ` : ''}--${name}${value}`, description);
  if (defaultValue !== undefined) option.default(defaultValue);
  command.addOption(option);
  if (type === 'boolean') command.addOption(new Option(`--no-${name}`).hideHelp());
}

/** The parsed command line: the positional argument, and each flag by its kebab-case name. */
export interface ParsedCommandLine {
  argument: string | undefined;
  flag: (name: string) => unknown;
}

/** Parses `args` (after the program name); throws commander's error for --help and usage errors. */
function parse(command: Command, args: readonly string[]): ParsedCommandLine {
  command.exitOverride().parse(args, { from: 'user' });
  const options = command.opts<Record<string, unknown>>();
  return { argument: command.args[0], flag: (name) => options[camelCase(name)] };
}

export function parseGeneratorArgs(args: readonly string[], generatorVersion: string): ParsedCommandLine {
  const command = new Command(PROGRAM)
    .description('Scaffold a Cloudify plugin written in TypeScript, wired to cloudify-plugin-sdk.')
    .argument(`[${DIRECTORY_ARGUMENT.name}]`, DIRECTORY_ARGUMENT.description)
    .addHelpText('after', `${EXAMPLES}\n${subcommandsHelp()}`);
  for (const option of generatorOptions(generatorVersion)) addOption(command, option);
  return parse(command, args);
}

export function parseSubcommandArgs(subcommand: SubcommandName, args: readonly string[]): ParsedCommandLine {
  const spec = SUBCOMMANDS[subcommand];
  const command = new Command(`${PROGRAM} ${subcommand}`)
    .description(spec.summary)
    .argument(`[${spec.argument.name}]`, spec.argument.description)
    .addHelpText('after', `\nExample:\n  npx ${PROGRAM} ${subcommand} ${spec.argument.example}`);
  for (const [name, { type, description }] of subcommandOptions(subcommand)) {
    addOption(command, { name, type, description });
  }
  return parse(command, args);
}
