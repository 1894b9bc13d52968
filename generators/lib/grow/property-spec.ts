// `--property name:type[=default]` and `--required name`: the properties of a new node type, with
// their defaults converted to the declared type, as plugin.yaml holds them.
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.js';
import { quote } from '../validation.js';
import { PROPERTY_TYPES } from './cloudify-types.js';

const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DATA_TYPE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

export interface PropertySpec {
  name: string;
  type: string;
  /** Absent: no default (then the property is required unless it is optional). */
  default?: unknown;
  /** `--required`: a node template must set it (Cloudify's `required: true`). */
  required: boolean;
}

const SYNTAX = 'write it as name:type or name:type=default, e.g. --property port:integer=8080';

function parseDefault(flag: string, type: string, raw: string): unknown {
  const wrong = (what: string) =>
    new UsageError(`${flag}: the default ${quote(raw)} is not ${what}; ${SYNTAX}.`);
  switch (type) {
    case 'string':
    case 'regex':
    case 'textarea':
      return raw;
    case 'integer':
      if (!/^[-+]?\d+$/.test(raw.trim())) throw wrong('an integer');
      return Number(raw);
    case 'float':
      if (raw.trim() === '' || !Number.isFinite(Number(raw))) throw wrong('a number');
      return Number(raw);
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw wrong('true or false');
      return raw === 'true';
    default: {
      // list, dict or a data type: YAML (or JSON), e.g. [a, b] or {key: value}.
      let value: unknown;
      try {
        value = parseYaml(raw);
      } catch {
        throw wrong(`YAML for a ${type}`);
      }
      if (type === 'list' && !Array.isArray(value)) throw wrong('a list, e.g. [a, b]');
      if (type !== 'list' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
        throw wrong('a mapping, e.g. {key: value}');
      }
      return value;
    }
  }
}

function parseProperty(spec: string): Omit<PropertySpec, 'required'> {
  const flag = `--property ${spec}`;
  const match = /^([^:=]*):([^=]*)(?:=([\s\S]*))?$/.exec(spec);
  if (!match) throw new UsageError(`${flag}: ${SYNTAX}.`);
  const [, name = '', type = '', raw] = match;
  if (!PROPERTY_NAME.test(name)) {
    throw new UsageError(
      `${flag}: the name ${quote(name)} is not valid: use letters, digits and underscores.`,
    );
  }
  if (!PROPERTY_TYPES.includes(type) && !DATA_TYPE.test(type)) {
    throw new UsageError(
      `${flag}: the type ${quote(type)} is not valid: use one of ${PROPERTY_TYPES.join(', ')}, or the ` +
        'dotted name of a data type.',
    );
  }
  return raw === undefined ? { name, type } : { name, type, default: parseDefault(flag, type, raw) };
}

/** The properties from the repeated flags; every problem is a UsageError naming the flag. */
export function parseProperties(specs: readonly string[], required: readonly string[]): PropertySpec[] {
  const properties = specs.map(parseProperty);
  const seen = new Set<string>();
  for (const { name } of properties) {
    if (seen.has(name)) throw new UsageError(`--property ${name} is given twice: give each property once.`);
    seen.add(name);
  }
  for (const name of required) {
    if (!seen.has(name)) {
      throw new UsageError(
        `--required ${name}: there is no --property ${name}; --required names a property declared with --property.`,
      );
    }
  }
  return properties.map((property) => ({ ...property, required: required.includes(property.name) }));
}

/** The property as plugin.yaml declares it: a property without default is optional unless required. */
export function propertySchema(property: PropertySpec): Record<string, unknown> {
  return {
    type: property.type,
    ...('default' in property ? { default: property.default } : {}),
    ...(property.required ? { required: true } : 'default' in property ? {} : { required: false }),
  };
}

const EXAMPLE_VALUES: Record<string, unknown> = {
  string: '',
  regex: '',
  textarea: '',
  integer: 0,
  float: 0,
  boolean: false,
  list: [],
};

/** The value a node template gives it: its default, or an empty value of its type when required. */
export function exampleValue(property: PropertySpec): { value: unknown } | undefined {
  if ('default' in property) return { value: property.default };
  if (!property.required) return undefined;
  return { value: property.type in EXAMPLE_VALUES ? EXAMPLE_VALUES[property.type] : {} };
}
