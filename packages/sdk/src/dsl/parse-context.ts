// What every part of blueprint loading shares: the error list, the blueprint's DSL version (for
// feature gating) and small shape checks that report a format error (code 1) and let the caller
// carry on with the next element.
import { dirname } from 'node:path';
import { DslErrors, ErrorCode } from './errors.js';
import type { DslVersion, SourceLocation } from './plan.js';
import { pythonStr } from './values.js';
import { FEATURE_SINCE, LATEST_DSL_VERSION, isAtLeast, type Feature } from './versions.js';
import { isYamlMap, locate, sourceFileOf, type YamlMap } from './yaml-source.js';

/** Where a problem is: a parsed map or list, the key or index in it, and the YAML path for messages. */
export interface Where {
  container: unknown;
  key?: string | number;
  path: string;
  which?: 'key' | 'value';
}

/** Anything that collects errors located in parsed YAML (loading, and plan creation). */
export interface Reporter {
  error(code: number | undefined, message: string, where: Where, hint?: string): void;
}

/** Collects errors located in parsed YAML; unlocated ones point at the start of `fallbackFile`. */
export class ErrorCollector implements Reporter {
  readonly errors = new DslErrors();

  constructor(readonly fallbackFile: string) {}

  at(
    container: unknown,
    key: string | number | undefined,
    path: string,
    which?: 'key' | 'value',
  ): SourceLocation {
    return locate(container, key, path, which) ?? { file: this.fallbackFile, line: 1, column: 1, path };
  }

  error(code: number | undefined, message: string, where: Where, hint?: string): void {
    this.errors.add(code, message, this.at(where.container, where.key, where.path, where.which), hint);
  }
}

export class ParseContext extends ErrorCollector {
  version: DslVersion = LATEST_DSL_VERSION;
  readonly blueprintDir: string;
  /** Files of the built-in types: their features are not gated by the blueprint's version. */
  readonly builtinFiles = new Set<string>();

  constructor(
    readonly blueprintFile: string,
    readonly validateVersion: boolean,
  ) {
    super(blueprintFile);
    this.blueprintDir = dirname(blueprintFile);
  }

  /** Error 102 when `feature` is newer than the blueprint's tosca_definitions_version. */
  gate(
    feature: Feature,
    what: string,
    container: unknown,
    key: string | number | undefined,
    path: string,
  ): void {
    const since = FEATURE_SINCE[feature];
    if (!this.validateVersion || isAtLeast(this.version, since)) return;
    const file = sourceFileOf(container);
    if (file !== undefined && this.builtinFiles.has(file)) return;
    this.error(
      ErrorCode.versionGatedFeature,
      `${what} is not supported in version ${this.version}, it was added in ${since}`,
      { container, key, path, which: 'key' },
      `set tosca_definitions_version: ${since} (or later) in ${this.blueprintFile}`,
    );
  }

  /** A map, or undefined (reported unless absent) when the value is something else. */
  map(value: unknown, container: unknown, key: string | number, path: string): YamlMap | undefined {
    if (value === undefined || value === null) return undefined;
    if (isYamlMap(value)) return value;
    this.error(ErrorCode.format, `Expected a map at ${path} but found ${describe(value)}`, {
      container,
      key,
      path,
    });
    return undefined;
  }

  list(value: unknown, container: unknown, key: string | number, path: string): unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value as unknown[];
    this.error(ErrorCode.format, `Expected a list at ${path} but found ${describe(value)}`, {
      container,
      key,
      path,
    });
    return undefined;
  }

  string(value: unknown, container: unknown, key: string | number, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    this.error(ErrorCode.format, `Expected a string at ${path} but found ${describe(value)}`, {
      container,
      key,
      path,
    });
    return undefined;
  }

  /** A required key: reports "'key' key is required" on the container when missing. */
  required(container: YamlMap, key: string, path: string): boolean {
    if (container[key] !== undefined && container[key] !== null) return true;
    this.error(ErrorCode.format, `'${key}' key is required but it is currently missing`, {
      container,
      path: `${path}.${key}`,
    });
    return false;
  }

  /** Reports every key of `value` that is not in `allowed` (format error, code 1). */
  checkKeys(value: YamlMap, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue;
      const guess = closest(key, allowed);
      this.error(
        ErrorCode.format,
        `'${key}' is not in schema. Valid schema values: [${allowed.join(', ')}]`,
        { container: value, key, path: path ? `${path}.${key}` : key, which: 'key' },
        guess ? `did you mean '${guess}'?` : undefined,
      );
    }
  }
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string')
    return `a string ('${value.length > 40 ? value.slice(0, 40) + '…' : value}')`;
  if (typeof value === 'number')
    return Number.isInteger(value) ? `an integer (${value})` : `a float (${value})`;
  return `a ${typeof value} (${pythonStr(value)})`;
}

/** The candidate closest to `name` by edit distance, if it is close enough to be a likely typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
