// The reference the js-yaml reader is checked against (yaml-differential.test.ts): the engine's
// former reader, built on the `yaml` library with the same YAML 1.1 rules (PyYAML's booleans, no
// timestamps), converting its document nodes to plain values with the positions of their nodes.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type DocumentOptions,
  type Node,
  type Pair,
  type ParseOptions,
  type SchemaOptions,
  type Tags,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { DslError } from '../../src/dsl/errors.js';
import { positionsOf, registerPositions, type Positions } from '../../src/dsl/yaml-positions.js';
import type { ParsedYaml } from '../../src/dsl/yaml-source.js';

const TIMESTAMP = 'tag:yaml.org,2002:timestamp';
const BOOL = 'tag:yaml.org,2002:bool';
const PY_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PY_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

const FLOAT = 'tag:yaml.org,2002:float';
// The library's floats, with a digit before the exponent (it reads `e1` and `.` as NaN).
const FLOAT_EXP = /^(?=[^eE]*[0-9])[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;
const FLOAT_PLAIN = /^(?=.*[0-9])[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;

function pyyamlTags(tags: Tags): Tags {
  const result: Tags = [];
  for (const tag of tags) {
    if (tag === 'timestamp' || (typeof tag !== 'string' && tag.tag === TIMESTAMP)) continue;
    if (typeof tag !== 'string' && tag.tag === FLOAT && 'test' in tag && tag.test) {
      const plain = !tag.format && !tag.test.source.includes('inf');
      result.push({ ...tag, test: tag.format === 'EXP' ? FLOAT_EXP : plain ? FLOAT_PLAIN : tag.test });
    } else if (typeof tag !== 'string' && tag.tag === BOOL && 'test' in tag && tag.test) {
      result.push({ ...tag, test: tag.identify?.(true) ? PY_TRUE : PY_FALSE });
    } else {
      result.push(tag);
    }
  }
  return result;
}

const OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  merge: true,
  uniqueKeys: false,
  prettyErrors: false,
  customTags: pyyamlTags,
};

/** A scalar key as the map key it becomes (as js-yaml names it: `String(value)`). */
// eslint-disable-next-line @typescript-eslint/no-base-to-string -- keys are scalars here; this mirrors js-yaml
const keyName = (value: unknown): string => String(value ?? null);

function setEntry(map: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true });
  else map[key] = value;
}

const offsetOf = (node: Node | null | undefined): number | undefined => node?.range?.[0];

/** Positions read from the library's nodes. */
class NodePositions implements Positions {
  private pairs?: Map<string, Pair>;
  private merged?: Map<string, readonly [number, number]>;

  constructor(
    readonly file: string,
    readonly lines: LineCounter,
    private readonly node: YAMLMap | YAMLSeq,
  ) {}

  start(): number {
    return offsetOf(this.node) ?? 0;
  }

  entry(key: string): readonly [number, number] | undefined {
    if (!isMap(this.node)) return undefined;
    if (!this.pairs) {
      this.pairs = new Map();
      for (const pair of this.node.items) {
        const k = pair.key as Node | null;
        if (isScalar(k) && typeof k.value === 'symbol') continue;
        const name = keyName(isScalar(k) ? k.value : null);
        if (!this.pairs.has(name)) this.pairs.set(name, pair);
      }
    }
    const pair = this.pairs.get(key);
    if (!pair) return this.merged?.get(key);
    const keyAt = offsetOf(pair.key as Node | null) ?? this.start();
    return [keyAt, offsetOf(pair.value as Node | null) ?? keyAt];
  }

  item(index: number): number | undefined {
    return isSeq(this.node) ? offsetOf(this.node.items[index] as Node | null) : undefined;
  }

  addMerged(key: string, at: readonly [number, number]): void {
    (this.merged ??= new Map()).set(key, at);
  }
}

/** The file's value read with the `yaml` library, or its errors. */
export function parseWithYamlLibrary(file: string, text: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...OPTIONS, lineCounter: lines });
  const errors: DslError[] = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    return {
      message: `YAML syntax error: ${e.message.split('\n')[0] ?? e.message}`,
      location: { file, line: pos.line, column: pos.col, path: '' },
    };
  });
  if (errors.length > 0) return { file, value: undefined, errors };
  const value = new Converter(file, lines, doc, errors).convert(doc.contents);
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
      if (!target || this.inProgress.has(target)) return this.fail(node, `bad alias *${node.source}`);
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
      const map: Record<string, unknown> = {};
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
          this.fail(key, 'complex key');
          continue;
        }
        const name = keyName(key?.value);
        if (Object.hasOwn(map, name)) {
          this.fail(key ?? node, `Duplicate key '${name}'`);
          continue;
        }
        setEntry(map, name, this.convert(value));
      }
      for (const source of merges) this.merge(map, pos, source);
      return this.finish(node, map);
    }
    return this.fail(node, 'unsupported YAML node');
  }

  /** Keys written explicitly win, then earlier sources win; merged entries keep their origin. */
  private merge(map: Record<string, unknown>, pos: NodePositions, source: Node): void {
    const sources = isSeq(source) ? (source.items as Node[]) : [source];
    for (const item of sources) {
      const value = this.convert(item);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        this.fail(item, 'bad merge');
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
    this.errors.push({ message, location: { file: this.file, line: pos.line, column: pos.col, path: '' } });
    return null;
  }
}
