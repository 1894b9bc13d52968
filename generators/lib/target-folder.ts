// The folder a plugin is generated into: is it there, is it empty, may we write into it?
import { readdirSync, statSync } from 'node:fs';
import { UsageError } from './errors.js';

export type TargetState = { kind: 'missing' } | { kind: 'empty' } | { kind: 'non-empty'; entries: string[] };

/** Entries that do not make a folder "used": a fresh clone or editor settings. */
const IGNORABLE = new Set(['.git', '.DS_Store', 'Thumbs.db', '.idea', '.vscode']);

export function inspectTarget(dir: string): TargetState {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    return { kind: 'missing' };
  }
  if (!isDirectory) {
    throw new UsageError(`The target ${dir} exists and is not a folder: name another folder.`);
  }
  const entries = readdirSync(dir)
    .filter((name) => !IGNORABLE.has(name))
    .sort();
  return entries.length === 0 ? { kind: 'empty' } : { kind: 'non-empty', entries };
}

/** Refuses a folder that holds files, unless --force. */
export function checkTargetWritable(dir: string, state: TargetState, force: boolean): void {
  if (state.kind !== 'non-empty' || force) return;
  const shown = state.entries.slice(0, 5).join(', ');
  const more = state.entries.length > 5 ? ` and ${state.entries.length - 5} more` : '';
  throw new UsageError(
    `The target folder ${dir} is not empty (it holds ${shown}${more}).\n` +
      'Name a new folder, or pass --force to write the plugin into this one: files the plugin ' +
      'has are overwritten, every other file is left alone.',
  );
}
