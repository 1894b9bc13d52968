// Pieces the fast YAML reader (yaml-fast-path.ts) shares between block and flow collections: how
// it gives up, where a plain scalar may start, quoted scalars on one line, folded block scalars.

export const SPACE = 0x20;
/** Characters a plain scalar cannot start with (some only before a space: see startsPlain). */
const NEVER_PLAIN_START = new Set([...',[]{}#&*!|>\'"%@`']);
/** Characters that end a plain scalar in a flow collection. */
export const FLOW_PLAIN_END = new Set([...',[]{}']);

/** Thrown where the fast reader gives up: the YAML library reads the file instead. */
export class GiveUp extends Error {}

export const giveUp = (): never => {
  throw new GiveUp();
};

/**
 * Whether a plain scalar may start at `at`: `-`, `?` and `:` only when no space follows (nor, in a
 * flow collection, a flow indicator).
 */
export function startsPlain(text: string, at: number, end: number, inFlow = false): boolean {
  const c = text[at];
  if (c === undefined || at >= end || NEVER_PLAIN_START.has(c)) return false;
  if (c === '-' || c === '?' || c === ':') {
    const next = text[at + 1];
    return at + 1 < end && next !== ' ' && next !== '\n' && !(inFlow && FLOW_PLAIN_END.has(next!));
  }
  return true;
}

/** A quoted scalar at `at` that ends before `lineEnd`; `end` is just after its closing quote. */
export function readQuoted(text: string, at: number, lineEnd: number): { value: string; end: number } {
  const quote = text[at]!;
  let value = '';
  let i = at + 1;
  for (;;) {
    const close = text.indexOf(quote, i);
    if (close === -1 || close >= lineEnd) giveUp();
    if (quote === '"') {
      // Escapes: the library's rules apply.
      if (text.slice(i, close).includes('\\')) giveUp();
      return { value: text.slice(i, close), end: close + 1 };
    }
    value += text.slice(i, close);
    if (text[close + 1] !== "'") return { value, end: close + 1 };
    value += "'";
    i = close + 2;
  }
}

/** Folded scalar lines: a line break between lines becomes a space, each empty line a newline. */
export function fold(lines: readonly string[]): string {
  let result = '';
  let blanks = 0;
  for (const [index, line] of lines.entries()) {
    if (line === '') {
      blanks++;
      continue;
    }
    // A more indented line keeps its line breaks: the library's rules apply.
    if (line.charCodeAt(0) === SPACE) giveUp();
    if (index > 0) result += blanks === 0 ? ' ' : '\n'.repeat(blanks);
    result += line;
    blanks = 0;
  }
  return result;
}
