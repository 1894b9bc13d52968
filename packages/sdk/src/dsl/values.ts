// Small helpers over plain blueprint values: structural equality, Python-style `str()` (Cloudify's
// `concat` and messages print values the way Python does) and path walking.
import { isYamlMap } from './yaml-source.js';

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isYamlMap(a) && isYamlMap(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

/** Python's `str(value)` for JSON-like values: `True`, `None`, `{'a': 1}`, `[1, 'x']`. */
export function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

/** Python's `repr(value)`: strings quoted. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (isYamlMap(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
      .join(', ')}}`;
  }
  return typeof value === 'number' || typeof value === 'bigint'
    ? value.toString()
    : (JSON.stringify(value) ?? typeof value);
}

/** `a.b[2].c` for messages. */
export function joinPath(parts: readonly (string | number)[]): string {
  return parts.reduce<string>(
    (text, part, i) => (typeof part === 'number' ? `${text}[${part}]` : i === 0 ? part : `${text}.${part}`),
    '',
  );
}
