// The structural three-way merge of a JSON document (package.json, tsconfig.json): key by key, so a
// script or dependency the user added survives next to one the template added or bumped. Arrays and
// scalars are values; objects are merged recursively. Keys keep the user's order, and a key only the
// template has goes right after the key it follows in the template. Only a value both sides changed
// differently is a conflict.
import { isDeepStrictEqual } from 'node:util';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export type JsonMerge =
  | { ok: true; value: Json }
  /** Where both sides changed the same value differently, e.g. `$.scripts.test`. */
  | { ok: false; conflicts: string[] };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON document, or undefined when the text is not JSON. */
export function parseJson(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

function keyPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** undefined stands for an absent key; `base` undefined: the value did not exist before. */
function mergeValue(
  ours: Json | undefined,
  base: Json | undefined,
  theirs: Json | undefined,
  path: string,
  conflicts: string[],
): Json | undefined {
  if (isDeepStrictEqual(ours, theirs)) return ours;
  if (isDeepStrictEqual(ours, base)) return theirs;
  if (isDeepStrictEqual(theirs, base)) return ours;
  // Deleted on one side, changed on the other: as with files, a key the user deleted stays deleted,
  // and one the user changed stays when the template drops it.
  if (ours === undefined || theirs === undefined) return ours;
  if (isObject(ours) && isObject(theirs)) {
    return mergeObject(ours, isObject(base) ? base : {}, theirs, path, conflicts);
  }
  conflicts.push(path);
  return ours;
}

function mergeObject(
  ours: JsonObject,
  base: JsonObject,
  theirs: JsonObject,
  path: string,
  conflicts: string[],
): JsonObject {
  const merged = new Map<string, Json>();
  for (const key of Object.keys(ours)) {
    const value = mergeValue(ours[key], base[key], theirs[key], keyPath(path, key), conflicts);
    if (value !== undefined) merged.set(key, value);
  }
  const theirsKeys = Object.keys(theirs);
  const entries = [...merged.entries()];
  theirsKeys.forEach((key, index) => {
    if (Object.hasOwn(ours, key)) return;
    const value = mergeValue(undefined, base[key], theirs[key], keyPath(path, key), conflicts);
    if (value === undefined) return;
    const previous = theirsKeys
      .slice(0, index)
      .reverse()
      .find((candidate) => entries.some(([existing]) => existing === candidate));
    const at = previous === undefined ? 0 : entries.findIndex(([existing]) => existing === previous) + 1;
    entries.splice(at, 0, [key, value]);
  });
  return Object.fromEntries(entries);
}

export function mergeJson(ours: Json, base: Json | undefined, theirs: Json): JsonMerge {
  const conflicts: string[] = [];
  const value = mergeValue(ours, base, theirs, '$', conflicts);
  if (conflicts.length > 0) return { ok: false, conflicts };
  return { ok: true, value: value ?? null };
}
