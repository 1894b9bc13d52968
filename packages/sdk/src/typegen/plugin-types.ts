// `cloudify-plugin types` as a library: derive the TypeScript types of a plugin's node types from
// its plugin.yaml, write them to one file, or check that the file is up to date.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { writeFileAtomic } from '../storage/atomic-file.js';
import { formatDslError } from '../dsl/errors.js';
import { emitTypes } from './emit.js';
import { PluginTypesError } from './errors.js';
import { formatterFor, type Formatter } from './formatter.js';
import { loadPluginYaml } from './load-plugin-yaml.js';
import { buildModel } from './model.js';

export const DEFAULT_PLUGIN_YAML = 'plugin.yaml';
export const DEFAULT_TYPES_FILE = 'src/plugin-types.ts';

export interface PluginTypesOptions {
  /** The plugin's plugin.yaml (default `plugin.yaml`), relative to `cwd`. */
  pluginYaml?: string;
  /** The generated file (default `src/plugin-types.ts`), relative to `cwd`. */
  out?: string;
  /** Default: process.cwd(). */
  cwd?: string;
}

export interface GeneratedPluginTypes {
  /** Absolute paths. */
  pluginYamlFile: string;
  outFile: string;
  /** The file's content, formatted with the plugin's prettier when it has one. */
  content: string;
  nodeTypes: string[];
  relationshipTypes: string[];
  /** The prettier that formatted the content, if any. */
  prettierPath?: string;
}

interface Paths {
  cwd: string;
  pluginYamlFile: string;
  outFile: string;
  /** The command that regenerates the file, with the options that differ from the defaults. */
  command: string;
}

function pathsOf(options: PluginTypesOptions): Paths {
  const cwd = resolve(options.cwd ?? process.cwd());
  const pluginYaml = options.pluginYaml ?? DEFAULT_PLUGIN_YAML;
  const out = options.out ?? DEFAULT_TYPES_FILE;
  const flags = [
    pluginYaml === DEFAULT_PLUGIN_YAML ? '' : ` --plugin-yaml ${pluginYaml}`,
    out === DEFAULT_TYPES_FILE ? '' : ` --out ${out}`,
  ];
  return {
    cwd,
    pluginYamlFile: resolve(cwd, pluginYaml),
    outFile: resolve(cwd, out),
    command: `cloudify-plugin types${flags.join('')}`,
  };
}

/** A path as the user sees it: relative to the working folder when inside it. */
function label(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') ? file : rel.split(sep).join('/');
}

/** The generated file's content for the plugin.yaml; nothing is written. */
export async function generatePluginTypes(options: PluginTypesOptions = {}): Promise<GeneratedPluginTypes> {
  return (await generate(pathsOf(options))).generated;
}

async function generate(paths: Paths): Promise<{ generated: GeneratedPluginTypes; formatter: Formatter }> {
  const { cwd, pluginYamlFile, outFile } = paths;
  if (!existsSync(pluginYamlFile)) {
    throw new PluginTypesError(
      `${label(cwd, pluginYamlFile)} not found: run this in the plugin's root folder, or pass --plugin-yaml <file>`,
    );
  }
  const loaded = await loadPluginYaml(pluginYamlFile);
  if (!loaded.types) {
    const count = loaded.errors.length === 1 ? '1 error' : `${loaded.errors.length} errors`;
    throw new PluginTypesError(
      `${label(cwd, pluginYamlFile)}: ${count}; fix them, then run \`${paths.command}\` again`,
      loaded.errors,
    );
  }
  const source = relative(dirname(outFile), pluginYamlFile).split(sep).join('/');
  const text = emitTypes(buildModel(loaded.types), { source, command: paths.command });
  const formatter = await formatterFor(outFile);
  const result: GeneratedPluginTypes = {
    pluginYamlFile,
    outFile,
    content: await formatter.format(text),
    nodeTypes: loaded.types.nodeTypes.map((t) => t.name),
    relationshipTypes: loaded.types.relationshipTypes.map((t) => t.name),
  };
  if (formatter.prettierPath !== undefined) result.prettierPath = formatter.prettierPath;
  return { generated: result, formatter };
}

export interface WriteResult extends GeneratedPluginTypes {
  /** false when the file already had this content (it is then left untouched). */
  written: boolean;
}

/** Generates the file and writes it when its content changed. */
export async function writePluginTypes(options: PluginTypesOptions = {}): Promise<WriteResult> {
  const generated = await generatePluginTypes(options);
  const current = await readIfExists(generated.outFile);
  if (current === generated.content) return { ...generated, written: false };
  await mkdir(dirname(generated.outFile), { recursive: true });
  await writeFileAtomic(generated.outFile, generated.content, { fsync: false });
  return { ...generated, written: true };
}

export interface CheckResult extends GeneratedPluginTypes {
  upToDate: boolean;
  /** Why not, ready to print (undefined when up to date). */
  message?: string;
}

/**
 * Compares the file with what plugin.yaml gives, whatever the file's formatting (prettier's
 * business, checked by the plugin's own lint).
 */
export async function checkPluginTypes(options: PluginTypesOptions = {}): Promise<CheckResult> {
  const paths = pathsOf(options);
  const { generated, formatter } = await generate(paths);
  const current = await readIfExists(generated.outFile);
  const outLabel = label(paths.cwd, generated.outFile);
  const howToFix = `run \`npm run build\` (or \`${paths.command}\`)`;
  if (current === undefined) {
    return { ...generated, upToDate: false, message: `${outLabel} does not exist: ${howToFix}` };
  }
  if (await formatter.sameContent(current, generated.content)) return { ...generated, upToDate: true };
  const yamlLabel = label(paths.cwd, generated.pluginYamlFile);
  return {
    ...generated,
    upToDate: false,
    message: `${outLabel} is out of date with ${yamlLabel}: ${howToFix}`,
  };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Every plugin.yaml error as `file:line:col: message`, paths relative to `cwd`. */
export function formatPluginYamlErrors(error: PluginTypesError, cwd = process.cwd()): string[] {
  return error.dslErrors.map((e) => formatDslError(e, { relativeTo: cwd }));
}
