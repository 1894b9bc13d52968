// src/plugin-types.ts is derived from plugin.yaml by the plugin's own `cloudify-plugin types` (from
// the cloudify-plugin-sdk it installed): it is never merged, only regenerated, and only with that
// SDK, so the file matches what the plugin's `build` writes and its `lint` checks.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { SDK_PACKAGE_NAME } from './package-info.js';

export const PLUGIN_TYPES_FILE = 'src/plugin-types.ts';
const PLUGIN_YAML = 'plugin.yaml';
const BIN = 'cloudify-plugin';

/** The plugin's `cloudify-plugin` CLI (a bin of its installed SDK), or undefined when not installed. */
export function typesCli(dir: string): string | undefined {
  const sdkDir = join(dir, 'node_modules', SDK_PACKAGE_NAME);
  try {
    const manifest = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')) as {
      bin?: string | Record<string, string>;
    };
    const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[BIN];
    const cli = bin === undefined ? undefined : resolve(sdkDir, bin);
    return cli !== undefined && existsSync(cli) ? cli : undefined;
  } catch {
    return undefined;
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runTypes(cli: string, cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, 'types'], { cwd, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr: stderr || (error && code !== 1 ? error.message : '') });
    });
  });
}

/** What `cloudify-plugin types` said about plugin.yaml, without its own name and closing advice. */
function complaint(run: Run): string {
  return run.stderr
    .trim()
    .split('\n')
    .filter((line) => !/^cloudify-plugin: .*: \d+ errors?; fix them/.test(line))
    .map((line) => line.replace(/^cloudify-plugin: /, ''))
    .join('\n');
}

export type TypesRefresh =
  { status: 'written' | 'up-to-date' } | { status: 'no-sdk' } | { status: 'failed'; problem: string };

/** Regenerates `<dir>/src/plugin-types.ts` from `<dir>/plugin.yaml` in place. */
export async function refreshPluginTypes(dir: string): Promise<TypesRefresh> {
  const cli = typesCli(dir);
  if (!cli) return { status: 'no-sdk' };
  const run = await runTypes(cli, dir);
  if (run.code !== 0) return { status: 'failed', problem: complaint(run) };
  return { status: /up to date/.test(run.stdout) ? 'up-to-date' : 'written' };
}

export type DerivedTypes =
  | { status: 'derived'; content: string }
  | { status: 'no-sdk' }
  /** plugin.yaml has errors; `problem` lists them (`plugin.yaml:line:col: …`). */
  | { status: 'invalid'; problem: string };

/**
 * What src/plugin-types.ts becomes for a plugin.yaml that is not written yet: generated in a
 * scratch folder under the plugin's node_modules/.cache, so that the plugin's prettier and its
 * configuration format it exactly as in the plugin folder, and nothing of the plugin is touched.
 */
export async function derivePluginTypes(dir: string, pluginYaml: string): Promise<DerivedTypes> {
  const cli = typesCli(dir);
  if (!cli) return { status: 'no-sdk' };
  const cache = join(dir, 'node_modules', '.cache', 'cloudify-plugin');
  await mkdir(cache, { recursive: true });
  const scratch = await mkdtemp(join(cache, 'types-'));
  try {
    await writeFile(join(scratch, PLUGIN_YAML), pluginYaml);
    await mkdir(dirname(join(scratch, PLUGIN_TYPES_FILE)), { recursive: true });
    const run = await runTypes(cli, scratch);
    if (run.code !== 0) return { status: 'invalid', problem: complaint(run) };
    return { status: 'derived', content: await readFile(join(scratch, PLUGIN_TYPES_FILE), 'utf8') };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The advice when the file could not be regenerated here. */
export function refreshAdvice(runCommand: string): string {
  return `run \`${runCommand} build\` to refresh ${PLUGIN_TYPES_FILE} (it is derived from ${PLUGIN_YAML})`;
}
