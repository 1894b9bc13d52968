// The generator's command line, defined once: its positional argument, the answers (answers.ts) as
// flags, then every other option. `yo cloudify-plugin` declares these as Yeoman options and
// `create-cloudify-plugin` as commander options, so both accept the same flags and --help shows
// the same descriptions.
import { ANSWER_SPECS } from './answers.js';

export interface OptionSpec {
  /** The long flag without its dashes; a boolean one also has its --no- form. */
  name: string;
  type: 'boolean' | 'string';
  /** Shown by --help; it names the default unless `defaultValue` does. */
  description: string;
  alias?: string;
  /** Shown by --help as "(default: …)" and taken when the flag is not given. */
  defaultValue?: boolean;
}

export interface ArgumentSpec {
  name: string;
  description: string;
}

export const DIRECTORY_ARGUMENT: ArgumentSpec = {
  name: 'directory',
  description:
    "Target folder, '.' for the current one (default: a new folder named after the plugin; the current " +
    'folder when it holds a .yo-rc.json of this generator)',
};

/** What the generator does besides the answers; the texts of --skip-install, --force-install and --ask-answered are Yeoman's. */
function otherOptions(generatorVersion: string): OptionSpec[] {
  return [
    {
      name: 'yes',
      type: 'boolean',
      alias: 'y',
      description: 'Take the default of every answer not given as a flag, instead of asking',
    },
    {
      name: 'interactive',
      type: 'boolean',
      description:
        'Ask for missing answers (default: when stdin is a terminal and CI is not set); --no-interactive never asks',
    },
    {
      name: 'ask-answered',
      type: 'boolean',
      description: 'Show prompts for already configured options',
      defaultValue: false,
    },
    {
      name: 'sdk',
      type: 'string',
      description:
        'npm spec of the cloudify-plugin-sdk dependency, e.g. ../sdk.tgz or ^0.1.0 (default: the SDK of this ' +
        `source checkout when run from one, else ^${generatorVersion})`,
    },
    {
      name: 'skip-install',
      type: 'boolean',
      description: 'Do not automatically install dependencies',
      defaultValue: false,
    },
    {
      name: 'force-install',
      type: 'boolean',
      description: 'Fail on install dependencies error',
      defaultValue: false,
    },
    {
      name: 'git',
      type: 'boolean',
      description:
        'Create a git repository with a first commit (default: true, skipped inside a repository); --no-git skips it',
    },
    {
      name: 'force',
      type: 'boolean',
      description:
        "Write into a folder that is not empty: the plugin's files are overwritten, others are left alone",
      defaultValue: false,
    },
    {
      name: 'dry-run',
      type: 'boolean',
      description:
        'Show what would be written (in update mode: each file that would change, and how); write and install nothing',
      defaultValue: false,
    },
    {
      name: 'update',
      type: 'boolean',
      description:
        'Update an existing plugin: merge the new render of the template and answers into its files (default: on ' +
        'when the target folder holds a .yo-rc.json of this generator)',
    },
    {
      name: 'check',
      type: 'boolean',
      description:
        'Update mode for CI: write nothing, exit with code 2 when an update is available, 0 when not (default: off)',
    },
    {
      name: 'allow-dirty',
      type: 'boolean',
      description:
        'Update mode: update a git tree with uncommitted changes (default: off, such a tree is refused)',
    },
    {
      name: 'restore',
      type: 'boolean',
      description: 'Update mode: bring back the files you deleted (default: off, they stay deleted)',
    },
  ];
}

/** Every option of the generator, in the order --help lists them: the answers first. */
export function generatorOptions(generatorVersion: string): OptionSpec[] {
  return [
    ...ANSWER_SPECS.map((spec): OptionSpec => ({ name: spec.flag, type: 'string', description: spec.help })),
    ...otherOptions(generatorVersion),
  ];
}
