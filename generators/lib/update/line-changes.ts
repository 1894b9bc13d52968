// How many lines a change adds and removes, for the update report: git's own count
// (`git diff --no-index --numstat`), so it matches what `git diff --stat` shows afterwards.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from './git-repo.js';

export interface LineChanges {
  added: number;
  removed: number;
}

function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** undefined when git cannot tell (not installed). */
export async function lineChanges(
  before: string | undefined,
  after: string | undefined,
): Promise<LineChanges | undefined> {
  if (before === undefined) return { added: lineCount(after ?? ''), removed: 0 };
  if (after === undefined) return { added: 0, removed: lineCount(before) };
  if (before === after) return { added: 0, removed: 0 };
  const scratch = await mkdtemp(join(tmpdir(), 'cloudify-plugin-diff-'));
  try {
    await writeFile(join(scratch, 'before'), before);
    await writeFile(join(scratch, 'after'), after);
    const result = await runGit(['diff', '--no-index', '--no-ext-diff', '--numstat', 'before', 'after'], {
      cwd: scratch,
    });
    const counts = /^(\d+)\t(\d+)\t/.exec(result.stdout);
    return counts ? { added: Number(counts[1]), removed: Number(counts[2]) } : undefined;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
