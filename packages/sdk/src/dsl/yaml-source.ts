// YAML with positions. A file is read into plain JS values (maps -> objects, sequences -> arrays),
// anchors, aliases and `<<` merge keys resolved, and every map and sequence remembers where it and
// each of its entries were written (yaml-positions.ts), so any later check can point at
// file:line:col. The YAML rules are Cloudify's (yaml-scalars.ts). The common shapes of blueprint
// YAML are read by a fast reader (yaml-fast-path.ts); anything else, errors included, by the
// YAML library.
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { ErrorCode, type DslError } from './errors.js';
import { readCommonYaml } from './yaml-fast-path.js';
import { NodePositions, positionsOf, registerPositions } from './yaml-positions.js';
import { keyName, setEntry, YAML_OPTIONS } from './yaml-scalars.js';

export { locate, sourceFileOf } from './yaml-positions.js';

export type YamlMap = Record<string, unknown>;

export interface ParsedYaml {
  file: string;
  /** Undefined when the file has YAML syntax errors. */
  value: unknown;
  errors: DslError[];
}

export function parseYaml(file: string, text: string): ParsedYaml {
  const fast = readCommonYaml(file, text);
  return fast ? { file, value: fast.value, errors: [] } : parseYamlWithLibrary(file, text);
}

/** parseYaml without the fast reader: what it must agree with. */
export function parseYamlWithLibrary(file: string, text: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter: lines });
  const errors: DslError[] = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    return {
      message: `YAML syntax error: ${e.message.split('\n')[0] ?? e.message}`,
      location: { file, line: pos.line, column: pos.col, path: '' },
    };
  });
  if (errors.length > 0) return { file, value: undefined, errors };
  const converter = new Converter(file, lines, doc, errors);
  const value = converter.convert(doc.contents);
  return { file, value: errors.length > 0 ? undefined : value, errors };
}

class Converter {
  private readonly done = new Map<Node, unknown>();
  private readonly inProgress = new Set<Node>();

  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
    private readonly doc: Document,
    private readonly errors: DslError[],
  ) {}

  convert(node: Node | null | undefined): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) return this.fail(node, `unknown YAML alias *${node.source}`);
      if (this.inProgress.has(target)) return this.fail(node, `YAML alias *${node.source} refers to itself`);
      return this.done.has(target) ? this.done.get(target) : this.convert(target);
    }
    if (isScalar(node)) return node.value ?? null;
    if (isSeq(node)) {
      const list: unknown[] = [];
      registerPositions(list, new NodePositions(this.file, this.lines, node));
      this.inProgress.add(node);
      for (const item of node.items) list.push(this.convert(item as Node | null));
      return this.finish(node, list);
    }
    if (isMap(node)) {
      const map: YamlMap = {};
      const pos = new NodePositions(this.file, this.lines, node);
      registerPositions(map, pos);
      this.inProgress.add(node);
      const merges: Node[] = [];
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (isScalar(key) && typeof key.value === 'symbol') {
          if (value) merges.push(value);
          continue;
        }
        if (key !== null && !isScalar(key)) {
          this.fail(key, 'complex YAML keys (maps or lists used as keys) are not supported');
          continue;
        }
        const name = keyName(key?.value);
        if (Object.hasOwn(map, name)) {
          const first = this.lines.linePos(pos.entry(name)?.[0] ?? 0);
          this.fail(
            key ?? node,
            `Duplicate key '${name}' (first defined at line ${first.line}); YAML keys must be unique`,
          );
          continue;
        }
        setEntry(map, name, this.convert(value));
      }
      for (const source of merges) this.merge(map, pos, source);
      return this.finish(node, map);
    }
    return this.fail(node, 'unsupported YAML node');
  }

  /** `<<: *anchor` or `<<: [*a, *b]`: keys written explicitly win, then earlier sources win. */
  private merge(map: YamlMap, pos: NodePositions, source: Node): void {
    const sources = isSeq(source) ? (source.items as Node[]) : [source];
    for (const item of sources) {
      const value = this.convert(item);
      if (!isYamlMap(value)) {
        this.fail(item, 'a YAML merge key (<<) needs a map or a list of maps');
        continue;
      }
      const from = positionsOf(value);
      for (const [key, entry] of Object.entries(value)) {
        if (Object.hasOwn(map, key)) continue;
        setEntry(map, key, entry);
        const at = from?.entry(key);
        if (at) pos.addMerged(key, at);
      }
    }
  }

  private finish(node: Node, value: unknown): unknown {
    this.inProgress.delete(node);
    this.done.set(node, value);
    return value;
  }

  private fail(node: Node, message: string): null {
    const pos = this.lines.linePos(offsetOf(node) ?? 0);
    this.errors.push({
      code: ErrorCode.format,
      message,
      location: { file: this.file, line: pos.line, column: pos.col, path: '' },
    });
    return null;
  }
}

function offsetOf(node: Node | null | undefined): number | undefined {
  return node?.range?.[0];
}

export function isYamlMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
