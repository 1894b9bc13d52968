// The generated plugin a subgenerator grows: found from the current folder upwards by its
// .yo-rc.json, with the answers it was generated with and what earlier subgenerators recorded.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Answers } from '../answers.js';
import { checkRawAnswers } from '../collect-answers.js';
import { UsageError } from '../errors.js';
import { GENERATOR_PACKAGE_NAME } from '../package-info.js';
import { readStoredAnswers, YO_RC_FILE, type StoredAnswers } from '../yo-rc.js';

export interface PluginFolder {
  dir: string;
  /** The answers a subgenerator needs: the plugin name (bundle path), its node type, its package manager. */
  answers: Pick<Answers, 'name' | 'nodeType' | 'packageManager'>;
  /** The whole record of .yo-rc.json, extras of earlier subgenerators included. */
  record: StoredAnswers['record'];
}

/** Why a subgenerator cannot run in `cwd`: no generated plugin there or above. */
export function noPluginMessage(cwd: string): string {
  return (
    `No generated plugin here: neither ${cwd} nor a folder above it holds a ${YO_RC_FILE} of ` +
    `${GENERATOR_PACKAGE_NAME}. Run this inside a plugin made with \`yo cloudify-plugin\` or ` +
    '`npm init cloudify-plugin`.'
  );
}

/** The nearest folder from `cwd` upwards that holds a .yo-rc.json (of any generator). */
export function findYoRcFolder(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, YO_RC_FILE))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export function findPlugin(cwd: string): PluginFolder {
  const dir = findYoRcFolder(cwd);
  const stored = dir === undefined ? undefined : readStoredAnswers(dir);
  if (!dir || !stored) throw new UsageError(noPluginMessage(cwd));
  const answers = checkRawAnswers(stored.answers, (spec) => `${spec.key} in ${stored.path}`);
  const { name, nodeType, packageManager = 'npm' } = answers;
  if (name === undefined || nodeType === undefined) {
    throw new UsageError(
      `${stored.path} records no plugin name or node type: run \`npm init cloudify-plugin\` in ${dir} to ` +
        'update the plugin (it records them), then try again.',
    );
  }
  return { dir, answers: { name, nodeType, packageManager }, record: stored.record };
}

/** A file of the plugin, or undefined when it does not exist. */
export async function readPluginFile(plugin: PluginFolder, path: string): Promise<string | undefined> {
  try {
    return await readFile(join(plugin.dir, path), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** What earlier subgenerator runs recorded under `key` (operations, nodeTypes, relationships). */
export function recordedEntries(plugin: PluginFolder, key: string): Record<string, unknown>[] {
  const entries = plugin.record[key];
  if (!Array.isArray(entries)) return [];
  return entries.filter(
    (entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null,
  );
}

/** The namespace of the plugin's own types: `my_plugin` for `my_plugin.nodes.WebServer`. */
export function pluginNamespace(plugin: PluginFolder): string {
  const { nodeType } = plugin.answers;
  const nodes = nodeType.indexOf('.nodes.');
  return nodes > 0 ? nodeType.slice(0, nodes) : nodeType.split('.').slice(0, -1).join('.');
}
