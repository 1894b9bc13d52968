// "Touches no other line": an edit of a subgenerator must leave every line of the file as it was,
// in the same order, and only add lines between them.

function lines(text: string): string[] {
  const split = text.split('\n');
  if (split.at(-1) === '') split.pop();
  return split;
}

export type LineCheck =
  | { ok: true; added: number }
  /** The first line of `before` (1-based) that `after` lost or changed. */
  | { ok: false; line: number; text: string };

/** Whether `after` is `before` with lines added only (a subsequence test: greedy matching is exact). */
export function checkOnlyAdds(before: string, after: string): LineCheck {
  const old = lines(before);
  const next = lines(after);
  let kept = 0;
  for (const line of next) {
    if (kept < old.length && line === old[kept]) kept += 1;
  }
  if (kept === old.length) return { ok: true, added: next.length - old.length };
  return { ok: false, line: kept + 1, text: old[kept] ?? '' };
}
