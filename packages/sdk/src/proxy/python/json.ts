// Python's json.dumps / json.loads as Cloudify's proxy uses them: the same bytes on the wire
// (python-format.ts) and the same JSONDecodeError messages ("Expecting value: line 1 column 1
// (char 0)"), so a client sees no difference.
import { pythonJsonDumps } from '../python-format.js';
import { PythonError, typeError } from './errors.js';
import { PyFunction, PyObject, isDict, pythonTypeName } from './objects.js';

/** The JSON data json.dumps would write for a model value; TypeError for what Python cannot serialise. */
function toJsonData(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toJsonData);
  if (value instanceof PyObject && value.jsonValue) return toJsonData(value.jsonValue());
  if (value instanceof PyObject || value instanceof PyFunction || !isDict(value)) {
    throw typeError(`Object of type ${pythonTypeName(value)} is not JSON serializable`);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonData(v)]));
}

/** `json.dumps(value)` of a ctx-model value. */
export function dumpsModelValue(value: unknown): string {
  return pythonJsonDumps(toJsonData(value));
}

class JsonDecodeError extends PythonError {
  constructor(message: string, doc: string, position: number) {
    const line = doc.slice(0, position).split('\n').length;
    const column = position - (position === 0 ? -1 : doc.lastIndexOf('\n', position - 1));
    super('JSONDecodeError', `${message}: line ${line} column ${column} (char ${position})`);
  }
}

/** Raised where Python's scanner raises StopIteration: no value starts at `position`. */
class NoValue extends Error {
  constructor(readonly position: number) {
    super(`no JSON value at ${position}`);
  }
}

const isWhitespace = (ch: string | undefined): boolean =>
  ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';

/** A port of CPython's json scanner (Modules/_json.c, 3.11), used only to report errors. */
class Scanner {
  constructor(private readonly doc: string) {}

  private skipWhitespace(index: number): number {
    while (isWhitespace(this.doc[index])) index++;
    return index;
  }

  scan(index: number): [unknown, number] {
    const { doc } = this;
    const ch = doc[index];
    if (ch === undefined) throw new NoValue(index);
    if (ch === '"') return this.string(index + 1);
    if (ch === '{') return this.object(index + 1);
    if (ch === '[') return this.array(index + 1);
    for (const [word, value] of [
      ['null', null],
      ['true', true],
      ['false', false],
      ['NaN', NaN],
      ['Infinity', Infinity],
      ['-Infinity', -Infinity],
    ] as const) {
      if (doc.startsWith(word, index)) return [value, index + word.length];
    }
    return this.number(index);
  }

  private number(start: number): [unknown, number] {
    const match = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(this.doc.slice(start));
    if (!match) throw new NoValue(start);
    return [Number(match[0]), start + match[0].length];
  }

  private string(end: number): [string, number] {
    const { doc } = this;
    const begin = end - 1;
    let out = '';
    for (;;) {
      let next = end;
      while (next < doc.length && doc[next] !== '"' && doc[next] !== '\\') {
        if (doc.charCodeAt(next) <= 0x1f)
          throw new JsonDecodeError('Invalid control character at', doc, next);
        next++;
      }
      if (next >= doc.length) throw new JsonDecodeError('Unterminated string starting at', doc, begin);
      out += doc.slice(end, next);
      if (doc[next] === '"') return [out, next + 1];
      next++;
      if (next === doc.length) throw new JsonDecodeError('Unterminated string starting at', doc, begin);
      const escape = doc[next] ?? '';
      if (escape !== 'u') {
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        const decoded = simple[escape];
        if (decoded === undefined) throw new JsonDecodeError('Invalid \\escape', doc, next - 1);
        out += decoded;
        end = next + 1;
      } else {
        end = next + 5;
        if (end >= doc.length) throw new JsonDecodeError('Invalid \\uXXXX escape', doc, next);
        const hex = doc.slice(next + 1, end);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonDecodeError('Invalid \\uXXXX escape', doc, next);
        out += String.fromCharCode(parseInt(hex, 16));
      }
    }
  }

  private object(index: number): [Record<string, unknown>, number] {
    const { doc } = this;
    const result: Record<string, unknown> = {};
    index = this.skipWhitespace(index);
    if (doc[index] === '}') return [result, index + 1];
    for (;;) {
      if (doc[index] !== '"') {
        throw new JsonDecodeError('Expecting property name enclosed in double quotes', doc, index);
      }
      const [key, afterKey] = this.string(index + 1);
      index = this.skipWhitespace(afterKey);
      if (doc[index] !== ':') throw new JsonDecodeError("Expecting ':' delimiter", doc, index);
      index = this.skipWhitespace(index + 1);
      const [value, afterValue] = this.scan(index);
      result[key] = value;
      index = this.skipWhitespace(afterValue);
      if (doc[index] === '}') return [result, index + 1];
      if (doc[index] !== ',') throw new JsonDecodeError("Expecting ',' delimiter", doc, index);
      index = this.skipWhitespace(index + 1);
    }
  }

  private array(index: number): [unknown[], number] {
    const { doc } = this;
    const result: unknown[] = [];
    index = this.skipWhitespace(index);
    if (doc[index] === ']') return [result, index + 1];
    for (;;) {
      const [value, afterValue] = this.scan(index);
      result.push(value);
      index = this.skipWhitespace(afterValue);
      if (doc[index] === ']') return [result, index + 1];
      if (doc[index] !== ',') throw new JsonDecodeError("Expecting ',' delimiter", doc, index);
      index = this.skipWhitespace(index + 1);
    }
  }
}

/** `json.loads(text)`: JSON.parse when it can, Python's scanner for NaN/Infinity and for errors. */
export function pythonJsonLoads(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Fall through: Python accepts NaN/Infinity, and its error messages are what clients expect.
  }
  if (text.startsWith('\ufeff'))
    throw new JsonDecodeError('Unexpected UTF-8 BOM (decode using utf-8-sig)', text, 0);
  const scanner = new Scanner(text);
  let start = 0;
  while (isWhitespace(text[start])) start++;
  try {
    const [value, end] = scanner.scan(start);
    let tail = end;
    while (isWhitespace(text[tail])) tail++;
    if (tail !== text.length) throw new JsonDecodeError('Extra data', text, tail);
    return value;
  } catch (error) {
    if (error instanceof NoValue) throw new JsonDecodeError('Expecting value', text, error.position);
    throw error;
  }
}
