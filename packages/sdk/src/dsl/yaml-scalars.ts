// The YAML rules blueprints are read with: YAML 1.1 as Cloudify's PyYAML loader applies them
// (`yes`/`on` are booleans, `0755` is octal, a lone `y` is a string), except timestamps, which stay
// strings so a plan stays plain JSON. Both YAML readers use these options, and the fast reader
// resolves plain scalars with the YAML library's own tags, so a value never depends on the reader.
import {
  Document,
  isScalar,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
  type Tags,
} from 'yaml';

const TIMESTAMP = 'tag:yaml.org,2002:timestamp';
const BOOL = 'tag:yaml.org,2002:bool';
// PyYAML's booleans: YAML 1.1's single-letter y/n are plain strings there.
const PY_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PY_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

function pyyamlTags(tags: Tags): Tags {
  const result: Tags = [];
  for (const tag of tags) {
    if (tag === 'timestamp' || (typeof tag !== 'string' && tag.tag === TIMESTAMP)) continue;
    if (typeof tag !== 'string' && tag.tag === BOOL && 'test' in tag && tag.test) {
      result.push({ ...tag, test: tag.identify?.(true) ? PY_TRUE : PY_FALSE });
    } else {
      result.push(tag);
    }
  }
  return result;
}

export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  merge: true,
  // Checked by the readers (a linear check; the library's own is quadratic in the map size).
  uniqueKeys: false,
  prettyErrors: false,
  customTags: pyyamlTags,
};

/** A scalar key as the map key it becomes in Python (`null`, `true` and numbers as their text). */
export function keyName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Sets a map entry; a `__proto__` key is an ordinary key, as in Python. */
export function setEntry(map: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true });
  else map[key] = value;
}

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

/** Thrown when a plain scalar does not resolve cleanly: the caller falls back on the YAML library. */
export class UnresolvedScalar extends Error {}

/**
 * Plain (unquoted) scalars resolved as the YAML library's composer resolves them under
 * YAML_OPTIONS: the first default tag whose test matches, else a string. Results are cached per
 * instance: a blueprint repeats its type names and values many times.
 */
export class PlainScalars {
  private static schema: { tags: ScalarTag[]; options: unknown } | undefined;
  private readonly values = new Map<string, unknown>();
  private readonly keys = new Map<string, unknown>();

  private static load(): { tags: ScalarTag[]; options: unknown } {
    if (!PlainScalars.schema) {
      const doc = new Document(null, YAML_OPTIONS);
      const tags = (doc.schema.tags as unknown as (ScalarTag & { collection?: string })[]).filter(
        (tag) => !tag.collection,
      );
      PlainScalars.schema = { tags, options: doc.options };
    }
    return PlainScalars.schema;
  }

  /** The value of a plain scalar; `atKey` also lets the merge key `<<` resolve (to a symbol). */
  resolve(text: string, atKey: boolean): unknown {
    const cache = atKey ? this.keys : this.values;
    if (cache.has(text)) return cache.get(text);
    const { tags, options } = PlainScalars.load();
    const tag = tags.find(
      (t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(text),
    );
    let value: unknown = text;
    if (tag) {
      const resolved = tag.resolve(
        text,
        (message) => {
          throw new UnresolvedScalar(message);
        },
        options,
      );
      value = isScalar(resolved) ? resolved.value : resolved;
    }
    cache.set(text, value);
    return value;
  }
}
