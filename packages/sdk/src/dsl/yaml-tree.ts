// Positions for the values js-yaml builds. js-yaml reports each node it composes as an 'open' and a
// 'close' event with its parser state; this recorder keeps a parallel tree of those events (each
// close pops a node whose children are the nodes closed since it opened) and, when a map or list
// closes, registers where it and each of its entries were written (yaml-positions.ts). Between two
// child nodes there is only separation and indicators (yaml-scan.ts): a `:` tells a map's value
// from a key, a `-` a block list's empty item, `?` and `:` a flow list's single-pair maps.
// Positions are the YAML library's: a node's content, after its anchor or tag; an empty node's,
// just after the indicator before it.
//
// It also checks what js-yaml lets through and Cloudify does not: duplicate keys (js-yaml's own
// check stops at the first; this one reports each), maps or lists used as keys, merge keys whose
// value is not a map or a list of maps, aliases inside the node they name, a block map on the line
// of its key. And it puts merged entries after the map's own keys, as the engine always has.
import type { EventType, State } from 'js-yaml';
import { ErrorCode, type DslError } from './errors.js';
import { OffsetPositions, positionsOf, registerPositions, type LineIndex } from './yaml-positions.js';
import { MERGE_TAG, setEntry } from './yaml-scalars.js';
import {
  afterProperties,
  ASTERISK,
  contentStart,
  COLON,
  dashes,
  hasIndicator,
  hasLineBreak,
  lastIndicator,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUESTION,
  skipBlanks,
  skipSeparation,
} from './yaml-scan.js';

/** What the recorder reads of js-yaml's parser state (more than @types/js-yaml declares). */
interface ParserState {
  position: number;
  kind: string | null;
  result: unknown;
  tag: string | null;
}

/** Nothing but separation and properties was read: a null. */
const EMPTY = 1;
/** A plain `<<`: a merge key, when it is a key. */
const MERGE = 2;

/** Closed nodes whose parent is still open, in flat arrays: no object per node. */
class ClosedNodes {
  /**
   * Four numbers per node: where js-yaml started composing it (before separation and
   * properties), where it stopped, where the node is (its content, or where an empty node would
   * be) and its flags.
   */
  private readonly data: number[] = [];
  readonly values: unknown[] = [];

  get length(): number {
    return this.values.length;
  }

  open(i: number): number {
    return this.data[i * 4]!;
  }

  close(i: number): number {
    return this.data[i * 4 + 1]!;
  }

  at(i: number): number {
    return this.data[i * 4 + 2]!;
  }

  flags(i: number): number {
    return this.data[i * 4 + 3]!;
  }

  push(open: number, close: number, at: number, flags: number, value: unknown): void {
    this.data.push(open, close, at, flags);
    this.values.push(value);
  }

  truncate(length: number): void {
    this.data.length = length * 4;
    this.values.length = length;
  }
}

const isPlainMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const MERGE_NEEDS_MAPS = 'a YAML merge key (<<) needs a map or a list of maps';

export class PositionRecorder {
  readonly errors: DslError[] = [];
  private readonly nodes = new ClosedNodes();
  /** Open nodes: where each opened, and where its children start in `nodes`; the document at the bottom. */
  private readonly opens: number[] = [0];
  private readonly bases: number[] = [0];
  private readonly selfReferences = new Set<object>();

  constructor(
    private readonly file: string,
    /** The text js-yaml reads (without a byte order mark). */
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  readonly listener = (event: EventType, state: State): void => {
    if (event === 'open') {
      this.opens.push(state.position);
      this.bases.push(this.nodes.length);
    } else {
      this.close(state as unknown as ParserState);
    }
  };

  /** Where the document after the first one starts, if the stream has several. */
  secondDocument(): number | undefined {
    const end = this.nodes.length > 0 ? this.nodes.close(0) : undefined;
    return end === undefined ? undefined : skipSeparation(this.text, end);
  }

  /** The node that closed last (the value of an entry js-yaml failed to store). */
  lastNode(): number | undefined {
    return this.nodes.length > 0 ? this.nodes.at(this.nodes.length - 1) : undefined;
  }

  /** Records an error at `offset`; `code` null for YAML syntax errors, which have none. */
  error(message: string, offset: number, hint?: string, code: number | null = ErrorCode.format): void {
    const { line, col } = this.lines.linePos(offset);
    const error: DslError = { message, location: { file: this.file, line, column: col, path: '' } };
    if (code !== null) error.code = code;
    if (hint) error.hint = hint;
    this.errors.push(error);
  }

  private close(state: ParserState): void {
    const open = this.opens.pop()!;
    const base = this.bases.pop()!;
    const text = this.text;
    // js-yaml reads the text with a line break appended when it ends without one.
    const close = Math.min(state.position, text.length);
    const start = contentStart(text, open, close);
    const empty = close <= start;
    let at = start;
    if (empty) {
      const end = afterProperties(text, open, close);
      at = end === open ? this.emptyPosition(open, base) : skipBlanks(text, end);
    }
    // The non-specific tag `!` makes a node a string, an empty one too (js-yaml leaves it null).
    if (state.tag === '!' && state.result === null && state.kind === null) state.result = '';
    const value = state.result;
    // A container seen before is an alias to it, or a node passed up unchanged (js-yaml reads a
    // more indented node as a block map's first key before it knows whether it is one).
    if (typeof value === 'object' && value !== null && !positionsOf(value)) {
      if (state.kind === 'mapping') this.map(value as Record<string, unknown>, start, base);
      else if (state.kind === 'sequence') this.list(value as unknown[], start, close, base);
      else this.selfReference(value, start, close);
    }
    if (this.nodes.length > base) this.nodes.truncate(base);
    this.nodes.push(open, close, at, (empty ? EMPTY : 0) | (state.tag === MERGE_TAG ? MERGE : 0), value);
  }

  /** An empty node without properties is placed just after the indicator before it. */
  private emptyPosition(open: number, base: number): number {
    const text = this.text;
    // The gap before it: from the previous sibling, or from the start of the parent's content.
    const from =
      base > this.bases.at(-1)!
        ? this.nodes.close(base - 1)
        : skipSeparation(text, afterProperties(text, this.opens.at(-1)!, open));
    const indicator = lastIndicator(text, from, open);
    return skipBlanks(text, indicator === -1 ? open : indicator + 1);
  }

  /** An alias to a map or list that is not finished: the node it names contains it. */
  private selfReference(value: object, start: number, close: number): void {
    if (this.selfReferences.has(value)) return;
    this.selfReferences.add(value);
    const name = /^\*([^\s,[\]{}]+)/.exec(this.text.slice(start, close))?.[1] ?? '';
    this.error(
      `YAML alias *${name} refers to itself`,
      start,
      'an alias can only name a node that ends before it; copy the values instead',
    );
  }

  /** The children since `base` as key, value pairs (-1: no value) for `entries`. */
  private map(map: Record<string, unknown>, start: number, base: number): void {
    const { text, nodes } = this;
    const flow = text.charCodeAt(start) === OPEN_BRACE;
    const pairs: number[] = [];
    /** A key waiting for its value, and where the gap before it starts. */
    let key = -1;
    let keyGap = start;
    let previous = start;
    for (let i = base; i < nodes.length; i++) {
      if (key !== -1 && this.isValue(previous, nodes.open(i))) {
        pairs.push(key, i);
        key = -1;
      } else {
        if (key !== -1) pairs.push(key, -1);
        key = i;
        keyGap = previous;
      }
      previous = nodes.close(i);
    }
    if (key !== -1) {
      // In a block map js-yaml tries one more key after the last entry; it reads nothing.
      const attempt =
        !flow && (nodes.flags(key) & EMPTY) !== 0 && !hasIndicator(text, keyGap, nodes.open(key), QUESTION);
      if (!attempt) pairs.push(key, -1);
    }
    this.entries(map, start, pairs, flow);
  }

  /** Whether a node opened at `open` after a node that ended at `from` is that node's value. */
  private isValue(from: number, open: number): boolean {
    // A block map's value opens just after its `:`.
    return this.text.charCodeAt(open - 1) === COLON || hasIndicator(this.text, from, open, COLON);
  }

  /** Registers a map's entries: names as js-yaml made them, checked, merges ordered. */
  private entries(
    map: Record<string, unknown>,
    start: number,
    pairs: readonly number[],
    flow: boolean,
  ): void {
    const nodes = this.nodes;
    const index = new Map<string, number>();
    const keyOffsets: number[] = [];
    const valueOffsets: number[] = [];
    let sources: Record<string, unknown>[] | undefined;
    for (let p = 0; p < pairs.length; p += 2) {
      const key = pairs[p]!;
      const value = pairs[p + 1]!;
      const keyAt = nodes.at(key);
      const valueAt = value === -1 ? keyAt : nodes.at(value);
      if (nodes.flags(key) & MERGE) {
        (sources ??= []).push(...this.mergeSources(value === -1 ? null : nodes.values[value], valueAt));
        continue;
      }
      const name = nodes.values[key];
      if (typeof name === 'object' && name !== null) {
        this.error(
          'complex YAML keys (maps or lists used as keys) are not supported',
          keyAt,
          'use a string key',
        );
        continue;
      }
      if (!flow && value !== -1) this.checkCompactValue(keyAt, value);
      // As js-yaml names it: `1`, `true` and `null` keys become '1', 'true' and 'null'.
      const text = String(name);
      const first = index.get(text);
      if (first !== undefined) {
        const line = this.lines.linePos(keyOffsets[first]!).line;
        this.error(
          `Duplicate key '${text}' (first defined at line ${line}); YAML keys must be unique`,
          keyAt,
        );
        continue;
      }
      index.set(text, keyOffsets.length);
      keyOffsets.push(keyAt);
      valueOffsets.push(valueAt);
    }
    if (sources) mergeOrder(map, index, keyOffsets, valueOffsets, sources);
    registerPositions(
      map,
      new OffsetPositions(this.file, this.lines, start, valueOffsets, { index, keyOffsets }),
    );
  }

  /** `key: &anchor inner: value`: js-yaml reads a block map there, YAML (and Cloudify) do not. */
  private checkCompactValue(keyAt: number, value: number): void {
    const at = this.nodes.at(value);
    if (this.nodes.flags(value) & EMPTY || !isPlainMap(this.nodes.values[value])) return;
    const c = this.text.charCodeAt(at);
    if (c === OPEN_BRACE || c === ASTERISK) return;
    if (hasLineBreak(this.text, keyAt, at)) return;
    this.error(
      'YAML syntax error: mapping values are not allowed here',
      at,
      'start the nested map on the next line, indented under its key',
      null,
    );
  }

  /** The maps a `<<` merges in: its value, a map or a list of maps. */
  private mergeSources(value: unknown, at: number): Record<string, unknown>[] {
    if (isPlainMap(value)) return [value];
    if (!Array.isArray(value)) {
      this.error(MERGE_NEEDS_MAPS, at);
      return [];
    }
    const items = positionsOf(value);
    return (value as unknown[]).filter((item, i): item is Record<string, unknown> => {
      if (isPlainMap(item)) return true;
      this.error(MERGE_NEEDS_MAPS, items?.item(i) ?? at);
      return false;
    });
  }

  private list(list: unknown[], start: number, close: number, base: number): void {
    const offsets =
      this.text.charCodeAt(start) === OPEN_BRACKET
        ? this.flowItems(list, start, base)
        : this.blockItems(start, close, base, list.length);
    registerPositions(list, new OffsetPositions(this.file, this.lines, start, offsets));
  }

  /** A block list: one child per item, except items with nothing after their `-`. */
  private blockItems(start: number, close: number, base: number, length: number): number[] {
    const { text, nodes } = this;
    if (nodes.length - base === length) {
      const offsets: number[] = [];
      for (let i = base; i < nodes.length; i++) offsets.push(nodes.at(i));
      return offsets;
    }
    const offsets: number[] = [];
    const column = this.lines.linePos(start).col;
    let misread: number | undefined;
    const emptyItems = (from: number, to: number, beforeChild: boolean): void => {
      const found = dashes(text, from, to);
      misread ??= found.find((dash) => this.lines.linePos(dash).col !== column);
      // The last `-` before a child is the child's own.
      if (beforeChild) found.pop();
      for (const dash of found) offsets.push(skipBlanks(text, dash + 1));
    };
    let previous = start;
    for (let i = base; i < nodes.length; i++) {
      emptyItems(previous, nodes.open(i), true);
      offsets.push(nodes.at(i));
      previous = nodes.close(i);
    }
    emptyItems(previous, close, false);
    // After an empty item, js-yaml takes the `-` items of an outer list as this list's.
    if (misread !== undefined) {
      this.error(
        'An empty item of a nested list is followed by items of the outer list; they would be read as items of the nested list',
        misread,
        "write the empty item as '- ~' (null) or '- []' (an empty list)",
      );
    }
    return offsets;
  }

  /** A flow list: one child per item, except `key: value` and `? key` items, single-pair maps. */
  private flowItems(list: unknown[], start: number, base: number): number[] {
    const { text, nodes } = this;
    const offsets: number[] = [];
    let previous = start;
    for (let i = base; i < nodes.length; i++) {
      const explicit = hasIndicator(text, previous, nodes.open(i), QUESTION);
      const next = i + 1;
      const value = next < nodes.length && this.isValue(nodes.close(i), nodes.open(next)) ? next : -1;
      const item = list[offsets.length];
      if ((explicit || value !== -1) && isPlainMap(item)) this.entries(item, nodes.at(i), [i, value], true);
      offsets.push(nodes.at(i));
      previous = nodes.close(value === -1 ? i : value);
      if (value !== -1) i++;
    }
    return offsets;
  }
}

/**
 * js-yaml has merged the values already (keys written in the map win, then earlier sources); the
 * map's own keys come first, then the merged ones, each keeping the position it was written at.
 */
function mergeOrder(
  map: Record<string, unknown>,
  index: Map<string, number>,
  keyOffsets: number[],
  valueOffsets: number[],
  sources: readonly Record<string, unknown>[],
): void {
  const order = [...index.keys()];
  const seen = new Set(order);
  for (const source of sources) {
    const from = positionsOf(source);
    for (const key of Object.keys(source)) {
      if (seen.has(key)) continue;
      seen.add(key);
      order.push(key);
      const entry = from?.entry(key);
      if (!entry) continue;
      index.set(key, keyOffsets.length);
      keyOffsets.push(entry[0]);
      valueOffsets.push(entry[1]);
    }
  }
  const current = Object.keys(map);
  if (current.length !== order.length || current.every((key, i) => key === order[i])) return;
  const values = order.map((key) => map[key]);
  for (const key of current) delete map[key];
  order.forEach((key, i) => setEntry(map, key, values[i]));
}
