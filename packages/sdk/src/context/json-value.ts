// Checks that a value survives a JSON round trip unchanged (what Cloudify stores) and returns a
// clean copy. Undefined object members are dropped, as JSON.stringify does; everything JSON would
// silently change or lose (functions, NaN, Dates, Maps, class instances, cycles) is refused.
import { NonRecoverableError } from '../errors.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Where a non-serialisable value was found, e.g. `config.hosts[2]`, and what it is. */
export class JsonValueError extends Error {
  constructor(
    readonly path: string,
    readonly found: string,
  ) {
    super(`${path || 'the value'} is ${found}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'bigint') return 'a bigint';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (value === undefined) return 'undefined';
  const name = (value as object).constructor?.name;
  return name ? `a ${name}` : 'an object without a plain prototype';
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function convert(value: unknown, path: string, seen: Set<object>): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new JsonValueError(path, describe(value));
  }
  if (typeof value !== 'object') throw new JsonValueError(path, describe(value));
  if (seen.has(value)) throw new JsonValueError(path, 'a circular reference');
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      return value.map((item, index) => {
        if (item === undefined) throw new JsonValueError(childPath(path, index), 'undefined');
        return convert(item, childPath(path, index), seen);
      });
    }
    if (!isPlainObject(value)) throw new JsonValueError(path, describe(value));
    const result: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) result[key] = convert(item, childPath(path, key), seen);
    }
    return result;
  } finally {
    seen.delete(value);
  }
}

/** A JSON-safe copy of `value`; throws JsonValueError naming the offending path. */
export function toJsonValue(value: unknown, path = ''): JsonValue {
  return convert(value, path, new Set());
}

/** Like toJsonValue, but the failure is a NonRecoverableError that says what to do. */
export function requireJsonValue(value: unknown, what: string, path = ''): JsonValue {
  try {
    return toJsonValue(value, path);
  } catch (error) {
    if (!(error instanceof JsonValueError)) throw error;
    throw new NonRecoverableError(
      `${what} must be JSON-serialisable, but ${error.path || 'it'} is ${error.found}; ` +
        'store plain data instead (objects, arrays, strings, finite numbers, booleans, null)',
    );
  }
}

/** Freezes a value and everything inside it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
