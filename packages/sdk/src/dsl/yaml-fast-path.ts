// A fast reader for the YAML that blueprints are made of: block maps and lists, plain and quoted
// one-line scalars, one-line flow collections (yaml-fast-flow.ts), literal and folded block
// scalars, anchors, aliases and `<<` merge keys, comments. The YAML library is exact but slow (a
// cold 1000-node blueprint spent most of its time in it; see BENCHMARKS.md). This reader gives up
// (returns undefined) on anything else or anything it doubts: tags, tabs, CR, escapes, multi-line
// plain or flow values, duplicate keys, odd indentation, several documents. The library then
// reads the file and reports any error, so a file this reader accepts gives the same values and
// positions as the library's (the differential tests in test/dsl/yaml-fast-path.test.ts check
// that on thousands of mutated blueprints).
import { LineCounter } from 'yaml';
import { FlowReader } from './yaml-fast-flow.js';
import { fold, GiveUp, giveUp, readQuoted, SPACE, startsPlain } from './yaml-fast-scalars.js';
import { OffsetPositions, positionsOf, registerPositions } from './yaml-positions.js';
import { keyName, PlainScalars, setEntry, UnresolvedScalar } from './yaml-scalars.js';

const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?= |$)/m;

export interface FastYaml {
  value: unknown;
  lines: LineCounter;
}

/** The file's value, or undefined when the YAML library must read it. */
export function readCommonYaml(file: string, text: string): FastYaml | undefined {
  if (text.includes('\r') || text.includes('\t') || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    const reader = new FastReader(file, text);
    return { value: reader.document(), lines: reader.lines };
  } catch (error) {
    if (error instanceof GiveUp || error instanceof UnresolvedScalar) return undefined;
    throw error;
  }
}

interface Located {
  value: unknown;
  at: number;
}

/**
 * Reads line by line. Each method reading a value leaves `line` just after the value's last line;
 * positions are offsets into the text, as the library's.
 */
class FastReader {
  readonly lines = new LineCounter();
  /** Offset of each line's first character. */
  private readonly starts: number[] = [0];
  /** Leading spaces of each line. */
  private readonly indents: number[] = [];
  /** For each line, the first line from it on with something besides spaces and a comment. */
  private readonly contentFrom: number[] = [];
  readonly scalars = new PlainScalars();
  /** Values by anchor name (`&name`), the latest definition winning, as aliases (`*name`) see them. */
  private readonly anchors = new Map<string, unknown>();
  /** Anchors whose value is being read: an alias to one would refer to itself. */
  private readonly anchoring = new Set<string>();
  /** The line being read. */
  private line = 0;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines.addNewLine(0);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      this.starts.push(i + 1);
      this.lines.addNewLine(i + 1);
    }
    let next = this.starts.length;
    for (let line = this.starts.length - 1; line >= 0; line--) {
      const start = this.starts[line]!;
      let i = start;
      while (text.charCodeAt(i) === SPACE) i++;
      this.indents[line] = i - start;
      if (i < this.end(line) && text[i] !== '#') next = line;
      this.contentFrom[line] = next;
    }
  }

  document(): unknown {
    this.skipToContent();
    if (this.line < this.starts.length && this.text.startsWith('---', this.starts[this.line])) {
      if (this.lineText(this.line).trimEnd() !== '---') giveUp();
      this.nextLine();
    }
    // Another document start or a document end: several documents, for the library to read.
    if (DOCUMENT_MARKER.test(this.text.slice(this.starts[this.line]))) giveUp();
    if (this.line >= this.starts.length || this.indent(this.line) !== 0) giveUp();
    const start = this.starts[this.line]!;
    if (this.isSeqItem(start) || !this.keyAt(start)) giveUp();
    const value = this.map(0, start);
    this.skipToContent();
    if (this.line < this.starts.length) giveUp();
    return value;
  }

  // ---- lines

  private end(line: number): number {
    const next = this.starts[line + 1];
    return next === undefined ? this.text.length : next - 1;
  }

  private lineText(line: number): string {
    return this.text.slice(this.starts[line], this.end(line));
  }

  private indent(line: number): number {
    return this.indents[line]!;
  }

  /** A line with something besides spaces and a comment. */
  private isContent(line: number): boolean {
    return this.contentFrom[line] === line;
  }

  private skipToContent(): void {
    if (this.line < this.starts.length) this.line = this.contentFrom[this.line]!;
  }

  private nextLine(): void {
    this.line++;
    this.skipToContent();
  }

  /** The next content line after the current one, without moving. */
  private peekContent(): number | undefined {
    const next = this.contentFrom[this.line + 1];
    return next === undefined || next >= this.starts.length ? undefined : next;
  }

  private skipSpaces(i: number): number {
    while (this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** Only spaces and maybe a comment from `i` to the end of the line. */
  private restIsBlank(i: number): boolean {
    const end = this.end(this.line);
    const j = this.skipSpaces(i);
    return j >= end || (this.text[j] === '#' && j > i);
  }

  // ---- block collections

  private isSeqItem(i: number): boolean {
    return this.isSeqItemOn(this.line, i);
  }

  private isSeqItemOn(line: number, i: number): boolean {
    return this.text[i] === '-' && (i + 1 === this.end(line) || this.text.charCodeAt(i + 1) === SPACE);
  }

  /** A block map whose first key is at `first` on the current line; its keys are at `indent`. */
  private map(indent: number, first: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    const keys: string[] = [];
    const keyOffsets: number[] = [];
    const valueOffsets: number[] = [];
    const merges: unknown[] = [];
    let at = first;
    for (;;) {
      const key = this.keyAt(at) ?? giveUp();
      if (Object.hasOwn(map, key.name) && !key.merge) giveUp();
      const value = this.valueAfter(key.colon + 1, indent, true);
      if (key.merge) {
        merges.push(value.value);
      } else {
        setEntry(map, key.name, value.value);
        keys.push(key.name);
        keyOffsets.push(at);
        valueOffsets.push(value.at);
      }
      this.skipToContent();
      if (this.line >= this.starts.length) break;
      const next = this.indent(this.line);
      if (next < indent) break;
      if (next > indent) giveUp();
      at = this.starts[this.line]! + next;
      if (this.isSeqItem(at)) giveUp();
    }
    // `<<: *base` or `<<: [*a, *b]`: keys written explicitly win, then earlier sources win; a
    // merged entry keeps the position it was written at.
    for (const merge of merges) {
      for (const source of Array.isArray(merge) ? (merge as unknown[]) : [merge]) {
        if (typeof source !== 'object' || source === null || Array.isArray(source)) giveUp();
        const from = positionsOf(source as object);
        for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
          if (Object.hasOwn(map, key)) continue;
          setEntry(map, key, value);
          const entry = from?.entry(key);
          if (!entry) continue;
          keys.push(key);
          keyOffsets.push(entry[0]);
          valueOffsets.push(entry[1]);
        }
      }
    }
    registerPositions(map, new OffsetPositions(this.file, this.lines, first, keys, keyOffsets, valueOffsets));
    return map;
  }

  /** A block list whose first `-` is at `first` on the current line, at column `indent`. */
  private seq(indent: number, first: number): unknown[] {
    const list: unknown[] = [];
    const offsets: number[] = [];
    let at = first;
    for (;;) {
      const content = this.skipSpaces(at + 1);
      if (content < this.end(this.line) && this.text[content] !== '#' && this.keyAt(content)) {
        // `- key: value`: a map whose keys are at the column of its first key.
        list.push(this.map(content - this.starts[this.line]!, content));
        offsets.push(content);
      } else {
        if (this.isSeqItem(content)) giveUp();
        const item = this.valueAfter(at + 1, indent, false);
        list.push(item.value);
        offsets.push(item.at);
      }
      this.skipToContent();
      if (this.line >= this.starts.length) break;
      const next = this.indent(this.line);
      if (next < indent) break;
      if (next > indent) giveUp();
      at = this.starts[this.line]! + next;
      if (!this.isSeqItem(at)) break;
    }
    registerPositions(list, new OffsetPositions(this.file, this.lines, first, [], [], offsets));
    return list;
  }

  /** The value after a `:` or `-` at `from` on the current line, whose owner is at `indent`. */
  private valueAfter(from: number, indent: number, inMap: boolean): Located {
    const at = this.skipSpaces(from);
    if (this.text[at] === '&') return this.anchored(at, indent, inMap);
    if (this.text[at] === '*') return this.alias(at, indent);
    const end = this.end(this.line);
    if (at < end && !(this.text[at] === '#' && at > from)) return this.inlineValue(at, indent);
    // Nothing on this line: a nested block, a list at the map's own column, or null.
    const next = this.peekContent();
    if (next !== undefined) {
      const nextIndent = this.indent(next);
      const start = this.starts[next]! + nextIndent;
      if (nextIndent > indent) {
        this.line = next;
        return { value: this.nestedBlock(nextIndent, start, indent), at: start };
      }
      if (inMap && nextIndent === indent && this.isSeqItemOn(next, start)) {
        this.line = next;
        return { value: this.seq(indent, start), at: start };
      }
    }
    this.line++;
    return { value: null, at };
  }

  /** `&name` at `at` and the value it names (positions are the value's, as the library's). */
  private anchored(at: number, indent: number, inMap: boolean): Located {
    const end = this.end(this.line);
    let i = at + 1;
    while (i < end && this.text.charCodeAt(i) !== SPACE) i++;
    const name = this.text.slice(at + 1, i);
    if (name === '' || /[[\]{},]/.test(name) || this.anchoring.has(name)) giveUp();
    this.anchoring.add(name);
    const value = this.valueAfter(i, indent, inMap);
    this.anchoring.delete(name);
    // An anchored empty value, or an anchored alias: the library's rules apply.
    if (value.value === null || this.text[value.at] === '*') giveUp();
    this.anchors.set(name, value.value);
    return value;
  }

  /** `*name` at `at`: the value anchored under that name, the very same object. */
  private alias(at: number, indent: number): Located {
    const end = this.end(this.line);
    let i = at + 1;
    while (i < end && this.text.charCodeAt(i) !== SPACE) i++;
    const name = this.text.slice(at + 1, i);
    if (!this.anchors.has(name) || this.anchoring.has(name) || !this.restIsBlank(i)) giveUp();
    const next = this.peekContent();
    if (next !== undefined && this.indent(next) > indent) giveUp();
    this.line++;
    return { value: this.anchors.get(name), at };
  }

  /** The block starting at `start` on the current line, more indented than its owner. */
  private nestedBlock(indent: number, start: number, ownerIndent: number): unknown {
    if (this.isSeqItem(start)) return this.seq(indent, start);
    if (this.keyAt(start)) return this.map(indent, start);
    const c = this.text[start];
    if (c === '|' || c === '>') giveUp();
    return this.inlineValue(start, ownerIndent).value;
  }

  // ---- values on one line

  private inlineValue(at: number, indent: number): Located {
    const c = this.text[at]!;
    let value: unknown;
    if (c === '|' || c === '>') return { value: this.blockScalar(at, indent), at };
    if (c === '{' || c === '[') {
      const flow = new FlowReader(this, at, this.end(this.line));
      value = flow.node();
      if (!this.restIsBlank(flow.i)) giveUp();
    } else if (c === '"' || c === "'") {
      const quoted = readQuoted(this.text, at, this.end(this.line));
      value = quoted.value;
      if (!this.restIsBlank(quoted.end)) giveUp();
    } else {
      value = this.plainValue(at);
    }
    // A more indented line next would continue this value (or be an error): the library decides.
    const next = this.peekContent();
    if (next !== undefined && this.indent(next) > indent) giveUp();
    this.line++;
    return { value, at };
  }

  private plainValue(at: number): unknown {
    if (!startsPlain(this.text, at, this.end(this.line))) giveUp();
    let text = this.text.slice(at, this.end(this.line));
    const comment = text.indexOf(' #');
    if (comment !== -1) text = text.slice(0, comment);
    text = text.trimEnd();
    if (text.includes(': ') || text.endsWith(':')) giveUp();
    return this.scalars.resolve(text, false);
  }

  /** The key of a `key: value` or `key:` entry starting at `at`, if the line is one. */
  private keyAt(at: number): { name: string; colon: number; merge: boolean } | undefined {
    const end = this.end(this.line);
    const c = this.text[at];
    if (c === '"' || c === "'") {
      const { value, end: after } = readQuoted(this.text, at, end);
      const colon = this.skipSpaces(after);
      if (this.text[colon] !== ':' || !(colon + 1 === end || this.text.charCodeAt(colon + 1) === SPACE)) {
        return undefined;
      }
      return { name: value, colon, merge: false };
    }
    if (!startsPlain(this.text, at, end)) return undefined;
    for (let i = at; i < end; i++) {
      const ch = this.text[i];
      if (ch === '#' && this.text.charCodeAt(i - 1) === SPACE) return undefined;
      if (ch !== ':' || !(i + 1 === end || this.text.charCodeAt(i + 1) === SPACE)) continue;
      const text = this.text.slice(at, i).trimEnd();
      if (/[[\]{},]/.test(text)) giveUp();
      const resolved = this.scalars.resolve(text, true);
      if (typeof resolved === 'symbol') return { name: '<<', colon: i, merge: true };
      return { name: keyName(resolved), colon: i, merge: false };
    }
    return undefined;
  }

  // ---- block scalars

  /** `|` or `>` at `at` (with an optional `-` chomping indicator) and the lines below it. */
  private blockScalar(at: number, ownerIndent: number): string {
    const literal = this.text[at] === '|';
    let i = at + 1;
    const strip = this.text[i] === '-';
    if (strip) i++;
    if (!this.restIsBlank(i) || (i < this.end(this.line) && this.text.charCodeAt(i) !== SPACE)) giveUp();
    const headerLine = this.line;
    const first = headerLine + 1;
    if (first >= this.starts.length || this.lineText(first).trim() === '') giveUp();
    const indent = this.indent(first);
    if (indent <= ownerIndent) giveUp();
    const texts: string[] = [];
    let last = first;
    for (let l = first; l < this.starts.length; l++) {
      const blank = this.lineText(l).trim() === '';
      if (blank) {
        if (this.indent(l) > indent) giveUp();
        texts.push('');
        continue;
      }
      if (this.indent(l) < indent) {
        if (this.indent(l) > ownerIndent && this.isContent(l)) giveUp();
        break;
      }
      texts.push(this.lineText(l).slice(indent));
      last = l;
    }
    // Without a line break after its last line, the library's rules apply.
    if (last + 1 >= this.starts.length) giveUp();
    const body = texts.slice(0, last - first + 1);
    this.line = last + 1;
    const joined = literal ? body.join('\n') : fold(body);
    return strip ? joined : `${joined}\n`;
  }
}
