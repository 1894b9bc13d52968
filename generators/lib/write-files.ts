// Writes a rendered plugin all or nothing: everything is written into a staging folder first, then
// renamed into place, so a failure never leaves half a plugin (or an empty folder) behind.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

async function writeTree(root: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const [path, content] of files) {
    const file = join(root, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/** A new folder next to `near`, on the same file system (rename does not cross file systems). */
async function makeStagingDir(parent: string, prefix: string): Promise<string> {
  const dir = join(parent, `${prefix}${randomBytes(6).toString('hex')}`);
  await mkdir(dir);
  return dir;
}

/** Creates `target` (which must not exist) holding exactly `files`. */
async function writeNewFolder(target: string, files: ReadonlyMap<string, string>): Promise<void> {
  const parent = dirname(target);
  const firstCreated = await mkdir(parent, { recursive: true });
  let staging: string | undefined;
  try {
    staging = await makeStagingDir(parent, `.${basename(target)}-`);
    await writeTree(staging, files);
    await rename(staging, target);
  } catch (error) {
    if (staging) await rm(staging, { recursive: true, force: true });
    if (firstCreated) await rm(firstCreated, { recursive: true, force: true });
    throw error;
  }
}

/** Adds `files` to an existing folder, replacing files of the same name; nothing else is touched. */
async function writeIntoFolder(target: string, files: ReadonlyMap<string, string>): Promise<void> {
  const staging = await makeStagingDir(target, '.cloudify-plugin-staging-');
  try {
    await writeTree(staging, files);
    for (const path of files.keys()) {
      await mkdir(dirname(join(target, path)), { recursive: true });
      await rename(join(staging, path), join(target, path));
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export async function writeFiles(
  target: string,
  files: ReadonlyMap<string, string>,
  exists: boolean,
): Promise<void> {
  await (exists ? writeIntoFolder(target, files) : writeNewFolder(target, files));
}

/** The mode of an existing file (to keep e.g. an executable bit), or undefined when there is none. */
async function existingMode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Removes the folders above `path` (relative to `root`) that are left empty, up to `root`. */
async function removeEmptyParents(root: string, path: string): Promise<void> {
  for (let dir = dirname(path); dir !== '.' && dir !== ''; dir = dirname(dir)) {
    try {
      await rmdir(join(root, dir));
    } catch {
      return; // not empty (or already gone)
    }
  }
}

/**
 * An update: `write` is staged in full first, then each file is renamed into place (keeping the mode
 * of the file it replaces), then `remove` is deleted. A failure while staging changes nothing.
 */
export async function applyFileChanges(
  target: string,
  write: ReadonlyMap<string, string>,
  remove: readonly string[],
): Promise<void> {
  if (write.size > 0) {
    const staging = await makeStagingDir(target, '.cloudify-plugin-staging-');
    try {
      await writeTree(staging, write);
      for (const path of write.keys()) {
        const mode = await existingMode(join(target, path));
        if (mode !== undefined) await chmod(join(staging, path), mode);
      }
      for (const path of write.keys()) {
        await mkdir(dirname(join(target, path)), { recursive: true });
        await rename(join(staging, path), join(target, path));
      }
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  for (const path of remove) {
    await rm(join(target, path), { force: true });
    await removeEmptyParents(target, path);
  }
}
