// Flow collections (`{ a: 1, b: [x, y] }`) for the fast YAML reader (yaml-fast-path.ts): only
// those that end on the line they start on; anything doubtful gives up, as the block reader does.
import type { LineCounter } from 'yaml';
import { OffsetPositions, registerPositions } from './yaml-positions.js';
import { keyName, setEntry, type PlainScalars } from './yaml-scalars.js';
import { FLOW_PLAIN_END, giveUp, readQuoted, SPACE, startsPlain } from './yaml-fast-scalars.js';

/** Where the flow collection is read from. */
export interface FlowSource {
  readonly text: string;
  readonly file: string;
  readonly lines: LineCounter;
  readonly scalars: PlainScalars;
}

/** A flow collection (`{…}` or `[…]`) that ends on the line it starts on. */
export class FlowReader {
  /** Where reading is: after node(), just after the collection. */
  i: number;
  private readonly text: string;

  constructor(
    private readonly source: FlowSource,
    at: number,
    private readonly end: number,
  ) {
    this.text = source.text;
    this.i = at;
  }

  private skip(): void {
    while (this.i < this.end && this.text.charCodeAt(this.i) === SPACE) this.i++;
  }

  node(): unknown {
    this.skip();
    const c = this.text[this.i];
    if (c === '{') return this.map();
    if (c === '[') return this.seq();
    if (c === '"' || c === "'") {
      const quoted = readQuoted(this.text, this.i, this.end);
      this.i = quoted.end;
      return quoted.value;
    }
    const text = this.plain();
    if (this.text[this.i] === ':') giveUp();
    return this.source.scalars.resolve(text, false);
  }

  /** A plain scalar in a flow collection: up to `,`, a bracket, `: ` or ` #`. */
  private plain(): string {
    const start = this.i;
    if (!startsPlain(this.text, start, this.end, true)) giveUp();
    while (this.i < this.end) {
      const c = this.text[this.i]!;
      if (FLOW_PLAIN_END.has(c)) break;
      if (c === '#' && this.text.charCodeAt(this.i - 1) === SPACE) giveUp();
      if (c === ':') {
        const next = this.text[this.i + 1];
        if (next === undefined || next === ' ' || FLOW_PLAIN_END.has(next)) break;
      }
      this.i++;
    }
    const text = this.text.slice(start, this.i).trimEnd();
    if (text === '') giveUp();
    return text;
  }

  private map(): Record<string, unknown> {
    const start = this.i++;
    const map: Record<string, unknown> = {};
    const keys: string[] = [];
    const keyOffsets: number[] = [];
    const valueOffsets: number[] = [];
    this.skip();
    if (this.text[this.i] !== '}') {
      for (;;) {
        this.skip();
        const keyAt = this.i;
        const c = this.text[this.i];
        let name: string;
        if (c === '"' || c === "'") {
          const quoted = readQuoted(this.text, this.i, this.end);
          this.i = quoted.end;
          name = quoted.value;
        } else {
          const resolved = this.source.scalars.resolve(this.plain(), true);
          if (typeof resolved === 'symbol') giveUp();
          name = keyName(resolved);
        }
        this.skip();
        if (this.text[this.i] !== ':' || Object.hasOwn(map, name)) giveUp();
        this.i++;
        const next = this.text[this.i];
        if (next !== ' ' && next !== ',' && next !== '}') giveUp();
        this.skip();
        const valueAt = this.i;
        const value = this.text[this.i] === ',' || this.text[this.i] === '}' ? null : this.node();
        setEntry(map, name, value);
        keys.push(name);
        keyOffsets.push(keyAt);
        valueOffsets.push(valueAt);
        if (!this.separator('}')) break;
      }
    }
    this.i++;
    registerPositions(
      map,
      new OffsetPositions(this.source.file, this.source.lines, start, keys, keyOffsets, valueOffsets),
    );
    return map;
  }

  private seq(): unknown[] {
    const start = this.i++;
    const list: unknown[] = [];
    const offsets: number[] = [];
    this.skip();
    if (this.text[this.i] !== ']') {
      for (;;) {
        this.skip();
        offsets.push(this.i);
        list.push(this.node());
        if (!this.separator(']')) break;
      }
    }
    this.i++;
    registerPositions(list, new OffsetPositions(this.source.file, this.source.lines, start, [], [], offsets));
    return list;
  }

  /** After an entry: `,` and another entry (true), or the closing bracket (false). */
  private separator(close: string): boolean {
    this.skip();
    const c = this.text[this.i];
    if (c === close) return false;
    if (c !== ',') giveUp();
    this.i++;
    this.skip();
    // A trailing comma, or an empty entry: the library's rules apply.
    if (this.text[this.i] === close || this.text[this.i] === ',' || this.i >= this.end) giveUp();
    return true;
  }
}
