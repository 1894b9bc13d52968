// The manifest: which files a generation rendered, each with the git blob id of its pristine content.
// It is recorded in .yo-rc.json and names the base of the next update's three-way merge; the ids are
// git's own (`git hash-object`), so the pristine contents can be looked up in the repository.
import { createHash } from 'node:crypto';

/** Path (posix, relative to the plugin folder) → git blob id of the content as rendered. */
export type Manifest = Record<string, string>;

/** What `git hash-object` prints for this content: sha1 of `blob <byte length>\0<content>`. */
export function gitBlobId(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export function manifestOf(files: ReadonlyMap<string, string>): Manifest {
  const manifest: Manifest = {};
  for (const path of [...files.keys()].sort()) manifest[path] = gitBlobId(files.get(path) ?? '');
  return manifest;
}

/** A manifest as read back from .yo-rc.json: undefined unless every entry is a path and a blob id. */
export function asManifest(value: unknown): Manifest | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  const valid = entries.every(([, id]) => typeof id === 'string' && /^[0-9a-f]{40}$/.test(id));
  return valid ? Object.fromEntries<string>(entries as [string, string][]) : undefined;
}
