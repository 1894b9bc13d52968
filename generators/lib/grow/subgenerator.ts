// The Yeoman side of the subgenerators (operation, node-type, relationship): the positional name and
// the options of lib/grow/commands.ts declared for yo, the plugin found while initializing, then the
// run of run-subcommand.ts (create-cloudify-plugin runs the same one without Yeoman).
import type { BaseOptions } from 'yeoman-generator';
import { BaseGenerator } from '../base-generator.js';
import { SUBCOMMANDS, subcommandOptions, type SubcommandName } from './commands.js';
import { findPlugin, type PluginFolder } from './plugin-folder.js';
import { runSubcommand } from './run-subcommand.js';

const OPTION_TYPES = { string: String, list: Array, boolean: Boolean } as const;

export abstract class SubGenerator extends BaseGenerator {
  private plugin: PluginFolder | undefined;

  constructor(
    args: string[] | undefined,
    options: BaseOptions | undefined,
    private readonly command: SubcommandName,
  ) {
    super(args, options, { customInstallTask: true, tasksMatchingPriority: true, inheritTasks: true });
    const spec = SUBCOMMANDS[command];
    this.description = spec.summary;
    this.argument(spec.argument.name, {
      type: String,
      required: false,
      description: spec.argument.description,
    });
    for (const [name, { type, description }] of subcommandOptions(command)) {
      this.option(name, { type: OPTION_TYPES[type], description });
    }
  }

  initializing(): void {
    this.plugin = findPlugin(this.env.cwd);
  }

  async writing(): Promise<void> {
    const host = {
      cwd: this.env.cwd,
      name: this.flag(SUBCOMMANDS[this.command].argument.name),
      flag: (name: string) => this.flag(name),
      log: this.log,
    };
    await runSubcommand(this.command, host, this.plugin);
  }
}
