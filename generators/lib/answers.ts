// The answer schema: each answer is a prompt, a CLI flag, a .yo-rc.json value and a --help line,
// validated by the same check on every path. Prompts, flags and help are derived from this list.
import type { PackageManager } from './package-manager.js';
import {
  checkLicense,
  checkNodeType,
  checkPackageManager,
  checkPluginName,
  checkPort,
  checkText,
  defaultNodeType,
  type Check,
} from './validation.js';
import { PACKAGE_MANAGERS } from './package-manager.js';

export interface Answers {
  name: string;
  description: string;
  author: string;
  license: string;
  nodeType: string;
  port: number;
  packageManager: PackageManager;
}

export type AnswerKey = keyof Answers;

/** What the defaults are computed from, besides the answers given before. */
export interface DefaultsContext {
  /** Base name of the target folder, when one was named on the command line. */
  folderName?: string;
  /** `Name <email>` from git config, when set. */
  gitAuthor?: string;
  /** The package manager that started us (npm_config_user_agent). */
  detectedPackageManager?: PackageManager;
}

export interface AnswerSpec<K extends AnswerKey = AnswerKey> {
  readonly key: K;
  /** The CLI flag, without the leading dashes. */
  readonly flag: string;
  /** The prompt. */
  readonly message: string;
  /** The --help line; it names the default. */
  readonly help: string;
  readonly choices?: readonly string[];
  readonly check: (raw: unknown) => Check<Answers[K]>;
  /** undefined: nothing to fall back on, the answer must be given. */
  readonly defaultValue: (context: DefaultsContext, known: Partial<Answers>) => Answers[K] | undefined;
}

export const DEFAULT_DESCRIPTION = 'A Cloudify plugin written in TypeScript';
export const DEFAULT_LICENSE = 'Apache-2.0';
export const DEFAULT_PORT = 8080;

type AnySpec = { [K in AnswerKey]: AnswerSpec<K> }[AnswerKey];

/** The one answer without a default of its own: it comes from a flag, the folder or a prompt. */
export const NAME_SPEC: AnswerSpec<'name'> = {
  key: 'name',
  flag: 'name',
  message: 'Plugin name (lowercase letters, digits and dashes)',
  help: "Plugin name, also its npm package name: lowercase letters, digits and dashes (default: the target folder's name)",
  check: checkPluginName,
  defaultValue: (context) => {
    if (context.folderName === undefined) return undefined;
    const fromFolder = checkPluginName(context.folderName);
    return fromFolder.ok ? fromFolder.value : undefined;
  },
};

/** In the order they are asked. */
export const ANSWER_SPECS: readonly AnySpec[] = [
  NAME_SPEC,
  {
    key: 'description',
    flag: 'description',
    message: 'Description',
    help: `One-line description for package.json, the README and the blueprints (default: "${DEFAULT_DESCRIPTION}")`,
    check: checkText,
    defaultValue: () => DEFAULT_DESCRIPTION,
  },
  {
    key: 'author',
    flag: 'author',
    message: 'Author',
    help: 'Author, e.g. "Jane Doe <jane@example.com>" (default: git config user.name and user.email)',
    check: checkText,
    defaultValue: (context) => context.gitAuthor ?? '',
  },
  {
    key: 'license',
    flag: 'license',
    message: 'License (an SPDX identifier, e.g. Apache-2.0 or MIT)',
    help: `License as an SPDX identifier, e.g. Apache-2.0, MIT (default: ${DEFAULT_LICENSE})`,
    check: checkLicense,
    defaultValue: () => DEFAULT_LICENSE,
  },
  {
    key: 'nodeType',
    flag: 'node-type',
    message: 'Node type name',
    help: 'Name of the web server node type in plugin.yaml (default: from the plugin name, my-plugin -> my_plugin.nodes.WebServer)',
    check: checkNodeType,
    defaultValue: (_context, known) => (known.name === undefined ? undefined : defaultNodeType(known.name)),
  },
  {
    key: 'port',
    flag: 'port',
    message: 'Default port of the web server (1-65535)',
    help: `Default port of the web server node type, 1-65535 (default: ${DEFAULT_PORT})`,
    check: checkPort,
    defaultValue: () => DEFAULT_PORT,
  },
  {
    key: 'packageManager',
    flag: 'package-manager',
    message: 'Package manager',
    help: `${PACKAGE_MANAGERS.join(', ')}: installs the plugin, and its README and CI use it (default: the one running this command, else npm)`,
    choices: PACKAGE_MANAGERS,
    check: checkPackageManager,
    defaultValue: (context) => context.detectedPackageManager ?? 'npm',
  },
];

/** The flags to pass when nothing can be asked, for messages. */
export function flagList(): string {
  return ANSWER_SPECS.map((spec) => `--${spec.flag}`).join(', ');
}

/** Camel-cased option key, as commander (create-cloudify-plugin) hands flags over. */
export function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}
