// What an update does to one file, from its three versions: base (what the generator rendered last
// time), ours (the file on disk) and theirs (the new render). Unchanged by the user: replaced.
// Unchanged by the template: kept. Both changed: merged, with conflict markers where they overlap.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mergeFile, type Formatter } from './file-merge.js';

export type Outcome =
  'added' | 'updated' | 'merged' | 'conflict' | 'kept' | 'removed' | 'deleted-by-you' | 'unchanged';

/** The outcomes that change the plugin folder. */
export const CHANGING_OUTCOMES: ReadonlySet<Outcome> = new Set([
  'added',
  'updated',
  'merged',
  'conflict',
  'removed',
]);

export type OurFile = { kind: 'file'; content: string } | { kind: 'missing' } | { kind: 'not-a-file' };

/**
 * The version the file was generated from. recorded: the pristine render itself (found by its blob
 * id). assumed: no record of it (a plugin generated before update mode), but the same template
 * version rendered the recorded answers to this, so it serves as base. compare-only: a fresh render
 * that is known not to be the base (the pristine copy is not in git and the templates changed): a
 * file identical to it is replaced, any other is merged two-way.
 */
export interface Base {
  content: string;
  trust: 'recorded' | 'assumed' | 'compare-only';
}

export interface FilePlan {
  path: string;
  outcome: Outcome;
  /** Why, when the outcome alone does not say it. */
  note?: string;
  /** The file on disk before the update. */
  before?: string;
  /** What the update writes (added, updated, merged, conflict). */
  after?: string;
  /** A conflict's three versions, for the index stages. */
  stages?: { base?: string; ours: string; theirs: string };
}

export interface FileInputs {
  path: string;
  ours: OurFile;
  /** undefined: the new render has no such file. */
  theirs: string | undefined;
  /** undefined: no common ancestor (a file new to the template, or nothing recorded). */
  base: Base | undefined;
  /** The last generation rendered this file (so a missing one was deleted by the user). */
  previouslyRendered: boolean;
  /** --restore: files the user deleted come back. */
  restore: boolean;
  format: Formatter;
}

const NOTES = {
  newFile: 'you already had a file here',
  assumed: 'base unknown: a fresh render of your recorded answers served as base',
  assumedKept: 'base unknown: your version differs from a fresh render, so it is left as it is',
  lost: 'base lost (not in git, and the template changed since): each difference is marked',
} as const;

export async function readOurFile(dir: string, path: string): Promise<OurFile> {
  try {
    return { kind: 'file', content: await readFile(join(dir, path), 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    if (code === 'EISDIR') return { kind: 'not-a-file' };
    throw error;
  }
}

function dropped({ path, ours, base }: FileInputs): FilePlan | undefined {
  if (ours.kind !== 'file') return undefined;
  if (base && ours.content === base.content) return { path, outcome: 'removed', before: ours.content };
  return {
    path,
    outcome: 'kept',
    note: 'the template no longer has this file, but you changed it: it stays (delete it if you do not need it)',
  };
}

/** The plan for one file; undefined when the update has nothing to say about it. */
export async function planFile(inputs: FileInputs): Promise<FilePlan | undefined> {
  const { path, ours, theirs, base } = inputs;
  if (theirs === undefined) return dropped(inputs);
  if (ours.kind === 'not-a-file') return { path, outcome: 'kept', note: 'not a file here: left alone' };
  if (ours.kind === 'missing') {
    if (inputs.previouslyRendered && !inputs.restore) {
      return { path, outcome: 'deleted-by-you', note: 'stays deleted (--restore brings it back)' };
    }
    return {
      path,
      outcome: 'added',
      after: theirs,
      ...(inputs.previouslyRendered ? { note: 'restored' } : {}),
    };
  }
  const mine = ours.content;
  if (mine === theirs) return { path, outcome: 'unchanged' };
  if (base && mine === base.content) return { path, outcome: 'updated', before: mine, after: theirs };
  const mergeBase = base?.trust === 'compare-only' ? undefined : base;
  if (mergeBase && theirs === mergeBase.content) {
    const note =
      mergeBase.trust === 'recorded' ? 'your changes; nothing new from the template' : NOTES.assumedKept;
    return { path, outcome: 'kept', note };
  }

  const merged = await mergeFile(path, mine, mergeBase?.content, theirs);
  const note = !base
    ? NOTES.newFile
    : base.trust === 'recorded'
      ? undefined
      : NOTES[base.trust === 'assumed' ? 'assumed' : 'lost'];
  if (merged.conflicts > 0) {
    return {
      path,
      outcome: 'conflict',
      before: mine,
      after: merged.content,
      stages: { ...(mergeBase ? { base: mergeBase.content } : {}), ours: mine, theirs },
      ...(note ? { note } : {}),
    };
  }
  const after = await inputs.format(path, merged.content);
  if (after === mine) return { path, outcome: 'kept', note: 'already has the changes of the template' };
  return { path, outcome: 'merged', before: mine, after, ...(note ? { note } : {}) };
}
