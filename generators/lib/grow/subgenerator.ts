// The Yeoman side of the subgenerators (operation, node-type, relationship): one positional name,
// flags described with their defaults (yo --help and create-cloudify-plugin --help show them), the
// plugin found from the current folder, then plan → check → write.
import { join } from 'node:path';
import type { BaseOptions } from 'yeoman-generator';
import { BaseGenerator } from '../base-generator.js';
import { UsageError } from '../errors.js';
import { findGeneratorPackage } from '../package-info.js';
import { applyAddition, formatAdditionReport, type Addition } from './apply-addition.js';
import { DRY_RUN_OPTION, SUBCOMMANDS, type SubcommandName, type SubcommandSpec } from './commands.js';
import { findPlugin, type PluginFolder } from './plugin-folder.js';

const OPTION_TYPES = { string: String, list: Array, boolean: Boolean } as const;

export abstract class SubGenerator extends BaseGenerator {
  private plugin: PluginFolder | undefined;
  protected readonly templatesRoot = join(findGeneratorPackage(import.meta.url).root, 'templates');

  private readonly spec: SubcommandSpec;

  constructor(args: string[] | undefined, options: BaseOptions | undefined, command: SubcommandName) {
    super(args, options, { customInstallTask: true, tasksMatchingPriority: true, inheritTasks: true });
    this.spec = SUBCOMMANDS[command];
    const { spec } = this;
    this.description = spec.summary;
    this.argument(spec.argument.name, {
      type: String,
      required: false,
      description: spec.argument.description,
    });
    for (const [name, { type, description }] of Object.entries({
      ...spec.options,
      'dry-run': DRY_RUN_OPTION,
    })) {
      this.option(name, { type: OPTION_TYPES[type], description });
    }
  }

  /** What the run adds to the plugin; refusals are UsageErrors, and nothing is written before. */
  protected abstract plan(plugin: PluginFolder, name: string): Promise<Addition>;

  /** A string flag, undefined when not given. */
  protected text(flag: string): string | undefined {
    const value = this.flag(flag);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${flag} needs a value.`);
    return value.trim();
  }

  initializing(): void {
    this.plugin = findPlugin(this.env.cwd);
  }

  async writing(): Promise<void> {
    const { command, argument } = this.spec;
    const name = this.flag(argument.name);
    if (typeof name !== 'string' || name.trim() === '') {
      throw new UsageError(
        `Missing ${argument.description}.\n` +
          `  e.g. yo cloudify-plugin:${command} ${argument.example}\n` +
          `    or npx create-cloudify-plugin ${command} ${argument.example}`,
      );
    }
    if (!this.plugin) throw new Error('initializing did not run');
    const addition = await this.plan(this.plugin, name.trim());
    const report = await applyAddition(this.plugin, addition, { dryRun: this.dryRun });
    this.log.writeln(formatAdditionReport(report));
  }
}
