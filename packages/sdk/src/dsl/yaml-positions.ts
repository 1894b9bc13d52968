// Where each map and list read from YAML was written. Every container the YAML readers build is
// registered here, so any later check can point at file:line:col of the container, of a map
// entry's key or value, or of a list item. Two kinds of record: the YAML library's nodes, read
// lazily (yaml-source.ts), and plain offsets collected while parsing (yaml-fast-path.ts).
import {
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { SourceLocation } from './plan.js';
import { keyName } from './yaml-scalars.js';

export interface Positions {
  readonly file: string;
  readonly lines: LineCounter;
  /** Offset of the container itself. */
  start(): number;
  /** [key offset, value offset] of a map entry. */
  entry(key: string): [number, number] | undefined;
  /** Offset of a list item. */
  item(index: number): number | undefined;
}

const registry = new WeakMap<object, Positions>();

export function registerPositions(container: object, positions: Positions): void {
  registry.set(container, positions);
}

export function positionsOf(container: object): Positions | undefined {
  return registry.get(container);
}

const offsetOf = (node: Node | null | undefined): number | undefined => node?.range?.[0];

/** Positions read from the YAML library's nodes, entries indexed on the first lookup. */
export class NodePositions implements Positions {
  private pairs?: Map<string, Pair>;
  /** [key offset, value offset] of entries brought in by a `<<` merge key. */
  private merged?: Map<string, [number, number]>;

  constructor(
    readonly file: string,
    readonly lines: LineCounter,
    private readonly node: YAMLMap | YAMLSeq,
  ) {}

  start(): number {
    return offsetOf(this.node) ?? 0;
  }

  entry(key: string): [number, number] | undefined {
    if (!isMap(this.node)) return undefined;
    if (!this.pairs) {
      this.pairs = new Map();
      for (const pair of this.node.items) {
        const k = pair.key as Node | null;
        if (isScalar(k) && typeof k.value === 'symbol') continue;
        const name = keyName(isScalar(k) ? k.value : null);
        if (!this.pairs.has(name)) this.pairs.set(name, pair);
      }
    }
    const pair = this.pairs.get(key);
    if (!pair) return this.merged?.get(key);
    const keyAt = offsetOf(pair.key as Node | null) ?? this.start();
    return [keyAt, offsetOf(pair.value as Node | null) ?? keyAt];
  }

  item(index: number): number | undefined {
    return isSeq(this.node) ? offsetOf(this.node.items[index] as Node | null) : undefined;
  }

  /** An entry a merge key brought in keeps the position it was written at. */
  addMerged(key: string, at: [number, number]): void {
    (this.merged ??= new Map()).set(key, at);
  }
}

/** Positions collected as plain offsets while parsing. */
export class OffsetPositions implements Positions {
  private index?: Map<string, number>;

  constructor(
    readonly file: string,
    readonly lines: LineCounter,
    private readonly at: number,
    /** Map entries: keys and the offsets of each key and value, in order. */
    private readonly keys: readonly string[] = [],
    private readonly keyOffsets: readonly number[] = [],
    /** Map entry values, or list items. */
    private readonly valueOffsets: readonly number[] = [],
  ) {}

  start(): number {
    return this.at;
  }

  entry(key: string): [number, number] | undefined {
    this.index ??= new Map(this.keys.map((k, i) => [k, i]));
    const i = this.index.get(key);
    return i === undefined ? undefined : [this.keyOffsets[i]!, this.valueOffsets[i]!];
  }

  item(index: number): number | undefined {
    return this.keys.length === 0 ? this.valueOffsets[index] : undefined;
  }
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
  const pos = registry.get(container);
  if (!pos) return undefined;
  let offset = pos.start();
  if (typeof key === 'number') {
    offset = pos.item(key) ?? offset;
  } else if (typeof key === 'string') {
    const found = pos.entry(key);
    if (found) offset = which === 'key' ? found[0] : found[1];
  }
  const { line, col } = pos.lines.linePos(offset);
  return { file: pos.file, line, column: col, path };
}

/** The file a parsed map or list came from. */
export function sourceFileOf(container: unknown): string | undefined {
  return typeof container === 'object' && container !== null ? registry.get(container)?.file : undefined;
}
