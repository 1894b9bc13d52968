// Where each map and list read from YAML was written. Every container the YAML reader builds is
// registered here (yaml-tree.ts), so any later check can point at file:line:col of the container,
// of a map entry's key or value, or of a list item.
import type { SourceLocation } from './plan.js';

export interface LinePosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  col: number;
}

export interface LineLookup {
  linePos(offset: number): LinePosition;
}

/** Line and column of an offset in a text; a line ends at `\n`, `\r\n` or a lone `\r`, as in YAML. */
export class LineIndex implements LineLookup {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    if (text.includes('\r')) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) this.starts.push(i + 1);
      }
    } else {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
  }

  linePos(offset: number): LinePosition {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, col: offset - this.starts[low]! + 1 };
  }
}

/** Offsets (into the file's text) of a container, its entries or its items. */
export interface Positions {
  readonly file: string;
  readonly lines: LineLookup;
  /** Offset of the container itself. */
  start(): number;
  /** [key offset, value offset] of a map entry. */
  entry(key: string): readonly [number, number] | undefined;
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

/** Positions of a list, or of a map (`entries` given), collected while reading. */
export class OffsetPositions implements Positions {
  constructor(
    readonly file: string,
    readonly lines: LineLookup,
    private readonly at: number,
    /** List items, or map entry values (in the order of `entries.index`). */
    private readonly offsets: readonly number[],
    private readonly entries?: {
      /** Each key's place in `offsets` and `keyOffsets`. */
      index: ReadonlyMap<string, number>;
      keyOffsets: readonly number[];
    },
  ) {}

  start(): number {
    return this.at;
  }

  entry(key: string): readonly [number, number] | undefined {
    const i = this.entries?.index.get(key);
    return i === undefined ? undefined : [this.entries!.keyOffsets[i]!, this.offsets[i]!];
  }

  item(index: number): number | undefined {
    return this.entries ? undefined : this.offsets[index];
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
