// Crash-safe file replacement: write a temporary file beside the target, fsync it, rename it over
// the target. A reader (or a run after a crash) sees the old file or the new one, never a part.
// Five system calls per write; write-file-atomic also stats, chowns and chmods (twice as slow).
import { open, rename, unlink } from 'node:fs/promises';

let counter = 0;

/** Temporary files are named `<target>.<pid>.<n>.tmp`; `isTemporaryFile` recognises leftovers. */
export function isTemporaryFile(name: string): boolean {
  return /\.\d+\.\d+\.tmp$/.test(name);
}

export async function writeFileAtomic(
  path: string,
  content: string,
  options: { fsync: boolean },
): Promise<void> {
  const temporary = `${path}.${process.pid}.${++counter}.tmp`;
  const handle = await open(temporary, 'w', 0o644);
  try {
    await handle.writeFile(content, 'utf8');
    if (options.fsync) await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
