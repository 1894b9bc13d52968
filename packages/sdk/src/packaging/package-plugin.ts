// `cloudify-plugin package`: the layout a blueprint imports, on a manager or locally:
//   <out>/plugins/<name>/plugin.mjs   the operations, one self-contained file
//   <out>/plugins/<name>/plugin.yaml  the plugin's types, whose script_path points at plugin.mjs
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { bundleEntry } from './bundle.js';
import { checkScriptPaths } from './plugin-yaml.js';

export interface PackageOptions {
  /** The plugin repository; default the current folder. */
  cwd?: string;
  /** Default `src/main.ts`. */
  entry?: string;
  /** Default `dist/package`. */
  out?: string;
}

export interface PackageResult {
  name: string;
  bundlePath: string;
  pluginYamlPath: string;
  bundleBytes: number;
  warnings: string[];
}

/** A mistake in the plugin repository, with what to do about it. */
export class PackageError extends Error {}

async function readPackageName(cwd: string): Promise<string> {
  const file = join(cwd, 'package.json');
  if (!existsSync(file)) {
    throw new PackageError(
      `No package.json in ${cwd}: run cloudify-plugin package in the plugin repository's root`,
    );
  }
  let name: unknown;
  try {
    name = (JSON.parse(await readFile(file, 'utf8')) as { name?: unknown }).name;
  } catch (error) {
    throw new PackageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof name !== 'string' || name === '')
    throw new PackageError(`${file} has no "name": add the plugin's name`);
  // plugins/<name>/ is a folder name: a scope (@org/) is left out.
  return name.replace(/^@[^/]+\//, '');
}

export function bundlePathFor(name: string): string {
  return `plugins/${name}/plugin.mjs`;
}

export async function packagePlugin(options: PackageOptions = {}): Promise<PackageResult> {
  const cwd = resolve(options.cwd ?? '.');
  const entry = options.entry ?? 'src/main.ts';
  const out = resolve(cwd, options.out ?? 'dist/package');
  const name = await readPackageName(cwd);
  const expected = bundlePathFor(name);

  const pluginYaml = join(cwd, 'plugin.yaml');
  if (!existsSync(pluginYaml))
    throw new PackageError(`No plugin.yaml in ${cwd}: the plugin's types belong there`);
  const check = checkScriptPaths(await readFile(pluginYaml, 'utf8'), 'plugin.yaml', expected);
  if (check.problems.length > 0) {
    const lines = check.problems.map((problem) => `  ${problem.where}: script_path is '${problem.found}'`);
    throw new PackageError(
      `plugin.yaml runs scripts other than the bundle this command writes:\n${lines.join('\n')}\n` +
        `Set every script_path to ${expected} (the bundle's path inside a blueprint folder).`,
    );
  }
  if (!existsSync(resolve(cwd, entry))) {
    throw new PackageError(
      `The entry ${entry} does not exist in ${cwd}: give the plugin's main module with --entry`,
    );
  }

  const bundle = await bundleEntry(entry, cwd);
  const pluginDir = join(out, 'plugins', name);
  await rm(pluginDir, { recursive: true, force: true });
  await mkdir(pluginDir, { recursive: true });
  const bundlePath = join(pluginDir, 'plugin.mjs');
  await writeFile(bundlePath, bundle.code);
  await chmod(bundlePath, 0o755);
  const copiedYaml = join(pluginDir, 'plugin.yaml');
  await copyFile(pluginYaml, copiedYaml);
  const warnings = [...bundle.warnings];
  if (check.matching === 0) {
    warnings.push(`plugin.yaml has no script_path ${expected}: no operation runs the bundle yet`);
  }
  return {
    name,
    bundlePath: relative(cwd, bundlePath),
    pluginYamlPath: relative(cwd, copiedYaml),
    bundleBytes: Buffer.byteLength(bundle.code),
    warnings,
  };
}
