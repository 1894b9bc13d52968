// The generator's options besides the answers (answers.ts): one description each, shown by
// `yo cloudify-plugin --help` and `create-cloudify-plugin --help` alike.
export interface OptionHelp {
  type: 'boolean' | 'string';
  description: string;
  alias?: string;
}

export function optionsHelp(generatorVersion: string): Record<string, OptionHelp> {
  return {
    yes: {
      type: 'boolean',
      alias: 'y',
      description: 'Take the default of every answer not given as a flag, instead of asking',
    },
    interactive: {
      type: 'boolean',
      description:
        'Ask for missing answers (default: when stdin is a terminal and CI is not set); --no-interactive never asks',
    },
    sdk: {
      type: 'string',
      description:
        'npm spec of the cloudify-plugin-sdk dependency, e.g. ../sdk.tgz or ^0.1.0 (default: the SDK of this ' +
        `source checkout when run from one, else ^${generatorVersion})`,
    },
    git: {
      type: 'boolean',
      description:
        'Create a git repository with a first commit (default: true, skipped inside a repository); --no-git skips it',
    },
    force: {
      type: 'boolean',
      description:
        "Write into a folder that is not empty: the plugin's files are overwritten, others are left alone",
    },
    'dry-run': {
      type: 'boolean',
      description:
        'Show what would be written (in update mode: each file that would change, and how); write and install nothing',
    },
    update: {
      type: 'boolean',
      description:
        'Update an existing plugin: merge the new render of the template and answers into its files (default: on ' +
        'when the target folder holds a .yo-rc.json of this generator)',
    },
    check: {
      type: 'boolean',
      description:
        'Update mode for CI: write nothing, exit with code 2 when an update is available, 0 when not (default: off)',
    },
    'allow-dirty': {
      type: 'boolean',
      description:
        'Update mode: update a git tree with uncommitted changes (default: off, such a tree is refused)',
    },
    restore: {
      type: 'boolean',
      description: 'Update mode: bring back the files you deleted (default: off, they stay deleted)',
    },
  };
}

/** Yeoman environment options that do nothing here: this generator writes its files itself, all or nothing. */
export const UNUSED_ENVIRONMENT_OPTIONS = [
  'cwd',
  'whitespace',
  'bail',
  'skip-yo-resolve',
  'skip-cache',
  'local-config-only',
];
