// The tools a user would pick instead of ours, installed with npm into the benchmark's temporary
// folder (or reused from --peers-dir): create-vite, and yo with generator-code. Our generator is
// linked beside them, as `npm link` or a global install would, so `yo cloudify-plugin` finds it.
import { existsSync, readFileSync } from 'node:fs';
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './processes.js';
import { REPO_ROOT } from './sdk.js';

export const PEER_PACKAGES = ['create-vite@latest', 'yo@7', 'generator-code@latest'];

export interface Peers {
  dir: string;
  /** NODE_PATH for yo: where it looks for generators. */
  nodePath: string;
  createVite: string;
  yo: string;
  versions: Record<string, string>;
}

interface Manifest {
  version?: string;
  bin?: string | Record<string, string>;
}

function manifest(dir: string, name: string): Manifest {
  const file = join(dir, 'node_modules', name, 'package.json');
  if (!existsSync(file))
    throw new Error(`${name} is not installed in ${dir}: remove --peers-dir or install it there`);
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** The JavaScript file of a package's bin, run with this Node (not the one first on PATH). */
function binFile(dir: string, name: string, bin: string): string {
  const declared = manifest(dir, name).bin;
  const relative = typeof declared === 'string' ? declared : declared?.[bin];
  if (!relative) throw new Error(`${name} declares no bin '${bin}'`);
  return join(dir, 'node_modules', name, relative);
}

export async function installPeers(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  await writeFile(join(dir, 'package.json'), '{ "private": true }\n');
  await runCommand('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...PEER_PACKAGES], {
    cwd: dir,
    env,
    timeoutMs: 10 * 60_000,
  });
}

export async function locatePeers(dir: string): Promise<Peers> {
  const link = join(dir, 'node_modules', 'generator-cloudify-plugin');
  if (!existsSync(link)) await symlink(REPO_ROOT, link, 'dir');
  return {
    dir,
    nodePath: join(dir, 'node_modules'),
    createVite: binFile(dir, 'create-vite', 'create-vite'),
    yo: binFile(dir, 'yo', 'yo'),
    versions: Object.fromEntries(
      ['create-vite', 'yo', 'generator-code'].map((name) => [name, manifest(dir, name).version ?? '?']),
    ),
  };
}
