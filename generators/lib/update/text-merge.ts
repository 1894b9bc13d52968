// The line-based three-way merge of one file: `git merge-file`, the merge git itself runs, with
// conflict markers labelled so a reader knows which side is theirs:
//   <<<<<<< your version / ======= / >>>>>>> new template
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from './git-repo.js';

export const MARKER_LABELS = {
  ours: 'your version',
  base: 'last generated',
  theirs: 'new template',
} as const;

export interface TextMerge {
  content: string;
  /** How many conflicting hunks carry markers; 0 for a clean merge. */
  conflicts: number;
}

/** Without git: one conflict over the whole file, so nothing of either side is lost. */
function wholeFileConflict(ours: string, theirs: string): TextMerge {
  const block = (text: string) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);
  return {
    content:
      `<<<<<<< ${MARKER_LABELS.ours}\n${block(ours)}=======\n${block(theirs)}` +
      `>>>>>>> ${MARKER_LABELS.theirs}\n`,
    conflicts: 1,
  };
}

/** `base` undefined: the two sides share no ancestor (both added the file). */
export async function mergeText(ours: string, base: string | undefined, theirs: string): Promise<TextMerge> {
  if (ours === theirs) return { content: ours, conflicts: 0 };
  const scratch = await mkdtemp(join(tmpdir(), 'cloudify-plugin-merge-'));
  try {
    const [oursFile, baseFile, theirsFile] = [
      join(scratch, 'ours'),
      join(scratch, 'base'),
      join(scratch, 'theirs'),
    ];
    await writeFile(oursFile, ours);
    await writeFile(baseFile, base ?? '');
    await writeFile(theirsFile, theirs);
    const labels = [MARKER_LABELS.ours, MARKER_LABELS.base, MARKER_LABELS.theirs].flatMap((label) => [
      '-L',
      label,
    ]);
    const result = await runGit(['merge-file', '-p', ...labels, oursFile, baseFile, theirsFile], {
      cwd: scratch,
    });
    // The exit code is the number of conflicts (at most 127); above that, or -1, git failed.
    if (result.code < 0 || result.code > 127) return wholeFileConflict(ours, theirs);
    return { content: result.stdout, conflicts: result.code };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
