// TypeScript names for DSL names: `web_plugin.nodes.WebServer` -> `WebServer`, with earlier
// segments brought in only where two types would otherwise share a name
// (`a.nodes.Server`, `b.nodes.Server` -> `ANodesServer`, `BNodesServer`).

/** Names the generated file uses from the global scope: a generated type must not shadow them. */
const RESERVED = new Set(['Record', 'NodeTypes', 'RelationshipTypes']);

/** `update_config` -> `UpdateConfig`, `WebServer` -> `WebServer`, `1st-try` -> `_1stTry`. */
export function pascalCase(text: string): string {
  const joined = text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  if (joined === '') return '_';
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/**
 * A base name for each DSL name (in the given order): the PascalCase of its last segment, or of as
 * many trailing segments as it takes to tell it apart from the others; a number is appended as a
 * last resort (two names that differ only in punctuation).
 */
export function baseNames(dslNames: readonly string[]): Map<string, string> {
  const segments = new Map(dslNames.map((name) => [name, name.split('.')]));
  const used = new Map(dslNames.map((name) => [name, 1]));
  const nameOf = (name: string): string => pascalCase(segments.get(name)!.slice(-used.get(name)!).join('_'));
  for (;;) {
    let grew = false;
    for (const group of collisions(dslNames, nameOf)) {
      for (const name of group) {
        if (used.get(name)! < segments.get(name)!.length) {
          used.set(name, used.get(name)! + 1);
          grew = true;
        }
      }
    }
    if (!grew) break;
  }
  return new Map(uniqueNames(dslNames.map((name) => [name, nameOf(name)])));
}

/** Makes the names of `entries` unique (and not reserved) by appending 2, 3…; keeps the order. */
export function uniqueNames(entries: readonly (readonly [string, string])[]): [string, string][] {
  const taken = new Set(RESERVED);
  return entries.map(([key, wanted]) => {
    let name = wanted;
    for (let n = 2; taken.has(name); n++) name = `${wanted}${n}`;
    taken.add(name);
    return [key, name];
  });
}

function collisions(names: readonly string[], nameOf: (name: string) => string): string[][] {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const key = nameOf(name);
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  return [...groups.entries()]
    .filter(([key, group]) => group.length > 1 || RESERVED.has(key))
    .map(([, g]) => g);
}
