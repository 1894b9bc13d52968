// Additions to plugin.yaml and the test blueprint through the `yaml` Document API: the document is
// parsed to find where a new entry belongs, the entry is built and written as YAML by the library,
// and its text is inserted after the last line of the mapping it joins, so that every other line
// (comments, blank lines, quoting, flow style) stays exactly as it was.
import {
  Document,
  isCollection,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  parseDocument,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { UsageError } from '../errors.js';

export interface YamlFile {
  /** Relative to the plugin folder, for messages. */
  path: string;
  text: string;
  doc: Document;
  lines: LineCounter;
}

export function parseYamlFile(path: string, text: string): YamlFile {
  const marker = /^(?:<{7}|>{7})(?: |$)/m.exec(text);
  if (marker) {
    const line = text.slice(0, marker.index).split('\n').length;
    throw new UsageError(
      `${path}:${line}: a merge conflict is left in ${path}: resolve it (and commit), then run this again. ` +
        'Nothing was changed.',
    );
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const [error] = doc.errors;
  if (error) {
    const { line, col } = lines.linePos(error.pos[0]);
    throw new UsageError(
      `${path}:${line}:${col}: ${error.message.split('\n')[0] ?? ''}\n` +
        `Fix ${path}, then run this again. Nothing was changed.`,
    );
  }
  return { path, text, doc, lines };
}

/** `plugin.yaml:12:5` for a node of the file. */
export function positionOf(file: YamlFile, node: unknown): string {
  const range = (node as Node | undefined)?.range;
  if (!range) return file.path;
  const { line, col } = file.lines.linePos(range[0]);
  return `${file.path}:${line}:${col}`;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
}

/** The value under `key` of a mapping, as a node. */
export function child(map: YAMLMap, key: string): unknown {
  return pairOf(map, key)?.value ?? undefined;
}

/** Where `key` of a mapping is written (for messages), or undefined when the mapping lacks it. */
export function keyPosition(file: YamlFile, map: YAMLMap | undefined, key: string): string | undefined {
  const pair = map && pairOf(map, key);
  return pair ? positionOf(file, pair.key) : undefined;
}

function notAMapping(file: YamlFile, node: unknown, path: readonly string[]): UsageError {
  const what = path.length === 0 ? 'the document' : path.join(' > ');
  return new UsageError(
    `${positionOf(file, node)}: ${what} is not a mapping: fix ${file.path}, then run this again. Nothing was changed.`,
  );
}

function isEmpty(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/** The mapping at `path` (keys from the root); undefined when missing; a UsageError when not a mapping. */
export function mapAt(file: YamlFile, path: readonly string[]): YAMLMap | undefined {
  const { map, missing } = deepestMap(file, path);
  return missing.length === 0 ? map : undefined;
}

/** The deepest mapping on `path` that exists, and the keys below it that do not. */
function deepestMap(
  file: YamlFile,
  path: readonly string[],
): { map: YAMLMap | undefined; missing: string[] } {
  let node: unknown = file.doc.contents;
  if (isEmpty(node)) return { map: undefined, missing: [...path] };
  if (!isMap(node)) throw notAMapping(file, node, []);
  let map: YAMLMap = node;
  for (let depth = 0; depth < path.length; depth += 1) {
    node = child(map, path[depth] ?? '');
    if (isEmpty(node)) return { map, missing: path.slice(depth) };
    if (!isMap(node)) throw notAMapping(file, node, path.slice(0, depth + 1));
    map = node;
  }
  return { map, missing: [] };
}

/** The node written last in a block collection: its last value, or the last value of that, and so on. */
function lastContentNode(map: YAMLMap): Node {
  let node: Node = map;
  for (;;) {
    if (!isCollection(node) || node.flow || node.items.length === 0) return node;
    const last: unknown = node.items.at(-1);
    if (isPair(last)) node = (isEmpty(last.value) ? last.key : last.value) as Node;
    else node = last as Node;
  }
}

/** The offset just after the last line of a block mapping's content (before comments that follow it). */
function endOfContent(file: YamlFile, map: YAMLMap): number {
  const end = lastContentNode(map).range?.[1] ?? file.text.length;
  if (end > 0 && file.text[end - 1] === '\n') return end;
  const newline = file.text.indexOf('\n', end);
  return newline === -1 ? file.text.length : newline + 1;
}

/** The indentation and sequence style the file uses, for the text of a new entry. */
function styleOf(text: string): { indent: number; indentSeq: boolean } {
  const indents = [...text.matchAll(/^( +)\S/gm)].map((match) => match[1]?.length ?? 0);
  const indent = indents.length > 0 ? Math.min(...indents) : 2;
  const flatSequence = /^( *)[^\s#-][^\n]*:[ \t]*\n\1- /m.test(text);
  return { indent, indentSeq: !flatSequence };
}

function stringify(file: YamlFile, doc: Document): string {
  return doc.toString({ ...styleOf(file.text), lineWidth: 0, flowCollectionPadding: false });
}

export interface EntryOptions {
  /** Separates the new entry from the one before it by a blank line. */
  blankLineBefore?: boolean;
}

/**
 * The file's text with `key: value` added at the end of the mapping at `path`; mappings missing on
 * the way are created. `value` is a plain value or a node (e.g. made by `file.doc.createNode`).
 */
export function withEntry(
  file: YamlFile,
  path: readonly string[],
  key: string,
  value: unknown,
  { blankLineBefore = false }: EntryOptions = {},
): string {
  const { map, missing } = deepestMap(file, path);
  const [entryKey, ...below] = [...missing, key];
  let entryValue = value;
  for (const name of below.reverse()) entryValue = { [name]: entryValue };
  const entry = new Document();
  entry.contents = entry.createNode({ [entryKey ?? key]: entryValue });
  // A new entry of its own, or a new section of the document, is set apart by a blank line.
  const blank =
    (blankLineBefore && missing.length === 0) || (map === file.doc.contents && missing.length > 0);

  if (map && !map.flow && map.items.length > 0) {
    const firstKey = map.items[0]?.key as Node | undefined;
    const column = firstKey?.range ? file.lines.linePos(firstKey.range[0]).col - 1 : 0;
    const lines = stringify(file, entry)
      .split('\n')
      .map((line) => (line === '' ? line : `${' '.repeat(column)}${line}`))
      .join('\n');
    const at = endOfContent(file, map);
    const before = file.text.slice(0, at);
    const separator = before === '' || before.endsWith('\n') ? '' : '\n';
    return `${before}${separator}${blank ? '\n' : ''}${lines}${file.text.slice(at)}`;
  }
  if (map === undefined && isEmpty(file.doc.contents)) {
    const separator = file.text === '' || file.text.endsWith('\n') ? '' : '\n';
    return `${file.text}${separator}${file.text.trim() === '' ? '' : '\n'}${stringify(file, entry)}`;
  }
  // A flow mapping (or an empty one): the library rewrites it; the caller's line check decides.
  const target = map ?? (file.doc.contents as YAMLMap);
  target.set(entryKey ?? key, entryValue);
  return stringify(file, file.doc);
}
