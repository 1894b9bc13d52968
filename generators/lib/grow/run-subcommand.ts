// One run of a subgenerator (operation, node-type, relationship), whichever front door started it:
// `yo cloudify-plugin:<command>` (lib/grow/subgenerator.ts) or `create-cloudify-plugin <command>`
// (lib/cli). The plugin is found from the current folder, the flags become a request, and the
// addition is planned, checked and written (or, with --dry-run, only shown).
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { findGeneratorPackage } from '../package-info.js';
import type { Log } from '../plugin-generation.js';
import { planNodeType } from './add-node-type.js';
import { planOperation } from './add-operation.js';
import { planRelationship } from './add-relationship.js';
import { applyAddition, formatAdditionReport, type Addition } from './apply-addition.js';
import { SUBCOMMANDS, type SubcommandName } from './commands.js';
import { findPlugin, type PluginFolder } from './plugin-folder.js';

export interface SubcommandHost {
  /** The folder the command was started in: the plugin is found from there upwards. */
  cwd: string;
  /** The positional name, when given. */
  name: unknown;
  /** A flag as given (kebab-case name); undefined when it was not given. */
  flag(name: string): unknown;
  log: Log;
}

/** Reads a subcommand's flags the way its request needs them. */
class Flags {
  constructor(private readonly host: SubcommandHost) {}

  /** A string flag, undefined when not given. */
  text(flag: string): string | undefined {
    const value = this.host.flag(flag);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${flag} needs a value.`);
    return value.trim();
  }

  /** A repeatable flag's values: yo nests repeated values in arrays, commander collects them flat. */
  list(flag: string): string[] {
    const value = this.host.flag(flag);
    if (value === undefined) return [];
    return [value].flat(Infinity as 1).map(String);
  }
}

type Planner = (plugin: PluginFolder, name: string, flags: Flags, templatesRoot: string) => Promise<Addition>;

const PLANNERS: Record<SubcommandName, Planner> = {
  operation: (plugin, name, flags, templatesRoot) =>
    planOperation(
      plugin,
      {
        name,
        nodeType: flags.text('node-type'),
        interfaceName: flags.text('interface'),
        step: flags.text('lifecycle-step'),
      },
      templatesRoot,
    ),
  'node-type': (plugin, name, flags) =>
    planNodeType(plugin, {
      name,
      derivedFrom: flags.text('derived-from'),
      properties: flags.list('property'),
      required: flags.list('required'),
    }),
  relationship: (plugin, name, flags, templatesRoot) =>
    planRelationship(
      plugin,
      {
        name,
        derivedFrom: flags.text('derived-from'),
        sourceOperations: flags.list('source-operation'),
        targetOperations: flags.list('target-operation'),
      },
      templatesRoot,
    ),
};

/**
 * Plans the addition, checks it, writes it (unless --dry-run) and prints what it did. `plugin` is
 * the nearest generated plugin from the current folder upwards (findPlugin: a UsageError when none).
 */
export async function runSubcommand(
  command: SubcommandName,
  host: SubcommandHost,
  plugin: PluginFolder = findPlugin(host.cwd),
): Promise<void> {
  const { argument } = SUBCOMMANDS[command];
  const { name } = host;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new UsageError(
      `Missing ${argument.description}.\n` +
        `  e.g. yo cloudify-plugin:${command} ${argument.example}\n` +
        `    or npx create-cloudify-plugin ${command} ${argument.example}`,
    );
  }
  const templatesRoot = join(findGeneratorPackage(import.meta.url).root, 'templates');
  const addition = await PLANNERS[command](plugin, name.trim(), new Flags(host), templatesRoot);
  const report = await applyAddition(plugin, addition, { dryRun: host.flag('dry-run') === true });
  host.log.writeln(formatAdditionReport(report));
}
