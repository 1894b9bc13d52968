// What lies around the nodes js-yaml composes, read from the text the way js-yaml reads it:
// separation (spaces, tabs, comments, line breaks), node properties (`&anchor`, `!tag`) and the
// indicators between nodes (`:` before a value, `?` before an explicit key, `-` before a block
// list item, `,` between flow entries). Char codes, no allocation: this runs for every node.

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const AMPERSAND = 0x26;
const BANG = 0x21;
const LESS = 0x3c;
const DASH = 0x2d;
const QUESTION = 0x3f;

export const COLON = 0x3a;
export const COMMA = 0x2c;
export const OPEN_BRACE = 0x7b;
export const OPEN_BRACKET = 0x5b;
export const ASTERISK = 0x2a;
export { DASH, QUESTION };

const isBlank = (c: number): boolean => c === SPACE || c === TAB;
const isBreak = (c: number): boolean => c === LF || c === CR;
const isFlowIndicator = (c: number): boolean =>
  c === COMMA || c === OPEN_BRACKET || c === 0x5d || c === OPEN_BRACE || c === 0x7d;

export function skipBlanks(text: string, i: number): number {
  while (isBlank(text.charCodeAt(i))) i++;
  return i;
}

function skipComment(text: string, i: number): number {
  if (text.charCodeAt(i) !== HASH) return i;
  while (i < text.length && !isBreak(text.charCodeAt(i))) i++;
  return i;
}

/** Spaces, tabs, comments and line breaks, as js-yaml skips them before a node. */
export function skipSeparation(text: string, i: number): number {
  for (;;) {
    i = skipComment(text, skipBlanks(text, i));
    if (!isBreak(text.charCodeAt(i))) return i;
    i++;
  }
}

/** The end of the `!tag` or `&anchor` at `i`, as js-yaml reads them. */
function propertyEnd(text: string, i: number): number {
  if (text.charCodeAt(i) === BANG && text.charCodeAt(i + 1) === LESS) {
    const close = text.indexOf('>', i + 2);
    return close === -1 ? text.length : close + 1;
  }
  const anchor = text.charCodeAt(i) === AMPERSAND;
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isBlank(c) || isBreak(c) || (anchor && isFlowIndicator(c))) break;
  }
  return i;
}

/**
 * Just after the properties of a node js-yaml opened at `open`, of those it read before `limit`;
 * `open` when it has none.
 */
export function afterProperties(text: string, open: number, limit: number): number {
  let end = open;
  for (let i = skipSeparation(text, open); i < limit && isPropertyStart(text.charCodeAt(i));) {
    end = propertyEnd(text, i);
    i = skipSeparation(text, end);
  }
  return end;
}

/** Where the content of a node js-yaml opened at `open` starts: after separation and properties. */
export function contentStart(text: string, open: number, limit: number): number {
  let i = skipSeparation(text, open);
  while (i < limit && isPropertyStart(text.charCodeAt(i))) i = skipSeparation(text, propertyEnd(text, i));
  return i;
}

const isPropertyStart = (c: number): boolean => c === AMPERSAND || c === BANG;

/** Whether the character at `i` is an indicator: `-` and `?` only before a space or line break. */
function isIndicator(text: string, i: number, c: number): boolean {
  if (c === COLON || c === COMMA) return true;
  if (c !== DASH && c !== QUESTION) return false;
  const next = text.charCodeAt(i + 1);
  return i + 1 >= text.length || isBlank(next) || isBreak(next);
}

/** The offset of the last indicator between two nodes (only separation and indicators lie there), or -1. */
export function lastIndicator(text: string, from: number, to: number): number {
  let found = -1;
  for (let i = skipComment(text, from); i < to; i = skipComment(text, i + 1)) {
    if (isIndicator(text, i, text.charCodeAt(i))) found = i;
  }
  return found;
}

/** Whether the indicator `code` lies between two nodes. */
export function hasIndicator(text: string, from: number, to: number, code: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === HASH) i = skipComment(text, i);
    else if (c === code && isIndicator(text, i, c)) return true;
  }
  return false;
}

/** Offsets of the `-` item indicators between `from` and `to`. */
export function dashes(text: string, from: number, to: number): number[] {
  const found: number[] = [];
  for (let i = skipComment(text, from); i < to; i = skipComment(text, i + 1)) {
    if (text.charCodeAt(i) === DASH && isIndicator(text, i, DASH)) found.push(i);
  }
  return found;
}

/** Whether a line break lies between `from` and `to`. */
export function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isBreak(text.charCodeAt(i))) return true;
  return false;
}
