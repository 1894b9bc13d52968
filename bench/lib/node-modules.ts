// What an install left behind: how many packages and how many bytes.
import { readFile, readdir, lstat } from 'node:fs/promises';
import { join } from 'node:path';

/** Packages npm installed, from its hidden lockfile (node_modules/.package-lock.json). */
export async function installedPackages(projectDir: string): Promise<number> {
  const lock = JSON.parse(await readFile(join(projectDir, 'node_modules', '.package-lock.json'), 'utf8')) as {
    packages?: Record<string, { link?: boolean }>;
  };
  return Object.entries(lock.packages ?? {}).filter(([path, entry]) => path !== '' && !entry.link).length;
}

/** Apparent size of every file under `dir` (symbolic links not followed). */
export async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await directoryBytes(path);
    else if (entry.isFile()) total += (await lstat(path)).size;
  }
  return total;
}
