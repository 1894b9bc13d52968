// YAML with positions. A file is read into plain JS values (maps -> objects, sequences -> arrays),
// anchors, aliases and `<<` merge keys resolved, and every map and sequence remembers where it and
// each of its entries were written, so any later check can point at file:line:col.
// YAML 1.1 rules as Cloudify's PyYAML loader applies them (`yes`/`on` are booleans, `0755` is
// octal, a lone `y` is a string), except timestamps, which stay strings so a plan stays plain JSON.
import {
  LineCounter,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type Tags,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { ErrorCode, type DslError } from './errors.js';
import type { SourceLocation } from './plan.js';

/** Where a parsed map or list came from; entry positions are looked up when an error needs them. */
interface Positions {
  file: string;
  lines: LineCounter;
  node: YAMLMap | YAMLSeq;
  /** The map's pairs by key, indexed on the first lookup. */
  pairs?: Map<string, Pair>;
  /** [key offset, value offset] of entries brought in by a `<<` merge key. */
  merged?: Map<string, [number, number]>;
}

const positions = new WeakMap<object, Positions>();

export type YamlMap = Record<string, unknown>;

export interface ParsedYaml {
  file: string;
  /** Undefined when the file has YAML syntax errors. */
  value: unknown;
  errors: DslError[];
}

const TIMESTAMP = 'tag:yaml.org,2002:timestamp';
const BOOL = 'tag:yaml.org,2002:bool';
// PyYAML's booleans: YAML 1.1's single-letter y/n are plain strings there.
const PY_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PY_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

function pyyamlTags(tags: Tags): Tags {
  const result: Tags = [];
  for (const tag of tags) {
    if (tag === 'timestamp' || (typeof tag !== 'string' && tag.tag === TIMESTAMP)) continue;
    if (typeof tag !== 'string' && tag.tag === BOOL && 'test' in tag && tag.test) {
      result.push({ ...tag, test: tag.identify?.(true) ? PY_TRUE : PY_FALSE });
    } else {
      result.push(tag);
    }
  }
  return result;
}

export function parseYaml(file: string, text: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    version: '1.1',
    merge: true,
    // Checked in Converter (a linear check; the library's own is quadratic in the map size).
    uniqueKeys: false,
    prettyErrors: false,
    customTags: pyyamlTags,
  });
  const errors: DslError[] = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    return {
      message: `YAML syntax error: ${e.message.split('\n')[0] ?? e.message}`,
      location: { file, line: pos.line, column: pos.col, path: '' },
    };
  });
  if (errors.length > 0) return { file, value: undefined, errors };
  const converter = new Converter(file, lines, doc, errors);
  const value = converter.convert(doc.contents);
  return { file, value: errors.length > 0 ? undefined : value, errors };
}

class Converter {
  private readonly done = new Map<Node, unknown>();
  private readonly inProgress = new Set<Node>();

  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
    private readonly doc: Document,
    private readonly errors: DslError[],
  ) {}

  convert(node: Node | null | undefined): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) return this.fail(node, `unknown YAML alias *${node.source}`);
      if (this.inProgress.has(target)) return this.fail(node, `YAML alias *${node.source} refers to itself`);
      return this.done.has(target) ? this.done.get(target) : this.convert(target);
    }
    if (isScalar(node)) return node.value ?? null;
    if (isSeq(node)) {
      const list: unknown[] = [];
      positions.set(list, { file: this.file, lines: this.lines, node });
      this.inProgress.add(node);
      for (const item of node.items) list.push(this.convert(item as Node | null));
      return this.finish(node, list);
    }
    if (isMap(node)) {
      const map: YamlMap = {};
      const pos: Positions = { file: this.file, lines: this.lines, node };
      positions.set(map, pos);
      this.inProgress.add(node);
      const merges: Node[] = [];
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (isScalar(key) && typeof key.value === 'symbol') {
          if (value) merges.push(value);
          continue;
        }
        if (key !== null && !isScalar(key)) {
          this.fail(key, 'complex YAML keys (maps or lists used as keys) are not supported');
          continue;
        }
        const name = keyName(key?.value);
        if (Object.hasOwn(map, name)) {
          const first = this.lines.linePos(entryOffsets(pos, name)?.[0] ?? 0);
          this.fail(
            key ?? node,
            `Duplicate key '${name}' (first defined at line ${first.line}); YAML keys must be unique`,
          );
          continue;
        }
        setEntry(map, name, this.convert(value));
      }
      for (const source of merges) this.merge(map, pos, source);
      return this.finish(node, map);
    }
    return this.fail(node, 'unsupported YAML node');
  }

  /** `<<: *anchor` or `<<: [*a, *b]`: keys written explicitly win, then earlier sources win. */
  private merge(map: YamlMap, pos: Positions, source: Node): void {
    const sources = isSeq(source) ? (source.items as Node[]) : [source];
    for (const item of sources) {
      const value = this.convert(item);
      if (!isYamlMap(value)) {
        this.fail(item, 'a YAML merge key (<<) needs a map or a list of maps');
        continue;
      }
      const from = positions.get(value);
      for (const [key, entry] of Object.entries(value)) {
        if (Object.hasOwn(map, key)) continue;
        setEntry(map, key, entry);
        const at = from && entryOffsets(from, key);
        if (at) (pos.merged ??= new Map()).set(key, at);
      }
    }
  }

  private finish(node: Node, value: unknown): unknown {
    this.inProgress.delete(node);
    this.done.set(node, value);
    return value;
  }

  private fail(node: Node, message: string): null {
    const pos = this.lines.linePos(offsetOf(node) ?? 0);
    this.errors.push({
      code: ErrorCode.format,
      message,
      location: { file: this.file, line: pos.line, column: pos.col, path: '' },
    });
    return null;
  }
}

/** A scalar key as the map key it becomes in Python (`null`, `true` and numbers as their text). */
function keyName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function offsetOf(node: Node | null | undefined): number | undefined {
  return node?.range?.[0];
}

function setEntry(map: YamlMap, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true });
  else map[key] = value;
}

export function isYamlMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where an entry of a parsed map or list was written: the key (`which: 'key'`) or its value;
 * with no key, where the map or list itself starts. Undefined for values not read from YAML.
 */
export function locate(
  container: unknown,
  key: string | number | undefined,
  path: string,
  which: 'key' | 'value' = 'value',
): SourceLocation | undefined {
  if (typeof container !== 'object' || container === null) return undefined;
  const pos = positions.get(container);
  if (!pos) return undefined;
  let offset = offsetOf(pos.node) ?? 0;
  if (typeof key === 'number' && isSeq(pos.node)) {
    offset = offsetOf(pos.node.items[key] as Node | null) ?? offset;
  } else if (typeof key === 'string') {
    const found = entryOffsets(pos, key);
    if (found) offset = which === 'key' ? found[0] : found[1];
  }
  const { line, col } = pos.lines.linePos(offset);
  return { file: pos.file, line, column: col, path };
}

/** [key offset, value offset] of a map entry. */
function entryOffsets(pos: Positions, key: string): [number, number] | undefined {
  if (!isMap(pos.node)) return undefined;
  if (!pos.pairs) {
    pos.pairs = new Map();
    for (const pair of pos.node.items) {
      const k = pair.key as Node | null;
      if (isScalar(k) && typeof k.value === 'symbol') continue;
      const name = keyName(isScalar(k) ? k.value : null);
      if (!pos.pairs.has(name)) pos.pairs.set(name, pair);
    }
  }
  const pair = pos.pairs.get(key);
  if (!pair) return pos.merged?.get(key);
  const keyAt = offsetOf(pair.key as Node | null) ?? offsetOf(pos.node) ?? 0;
  return [keyAt, offsetOf(pair.value as Node | null) ?? keyAt];
}

/** The file a parsed map or list came from. */
export function sourceFileOf(container: unknown): string | undefined {
  return typeof container === 'object' && container !== null ? positions.get(container)?.file : undefined;
}
