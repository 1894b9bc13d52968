// Property schemas (node type and relationship properties, data types, inputs, operation input
// schemas, workflow parameters) and checking values against them: undefined property (106),
// missing mandatory property (107), wrong value type (105), constraints; data-type defaults filled in.
import { parseConstraints, describeConstraint, type Constraint } from './constraints.js';
import { ErrorCode } from './errors.js';
import { asFunctionCall, isUnknown } from './function-names.js';
import { closest, type ParseContext, type Reporter, type Where } from './parse-context.js';
import { pythonRepr, pythonStr } from './values.js';
import { isYamlMap, type YamlMap } from './yaml-source.js';

export interface PropertySchema {
  name: string;
  type?: string;
  hasDefault: boolean;
  default?: unknown;
  /** `required: false` lets a property without default be left out. */
  required: boolean;
  description?: string;
  constraints: Constraint[];
  itemType?: string;
  /** Where it was declared (the property's key). */
  where: Where;
}

export type SchemaMap = Map<string, PropertySchema>;

export interface DataTypeLookup {
  properties(name: string): SchemaMap | undefined;
  names(): Iterable<string>;
}

export const PRIMITIVE_TYPES = ['string', 'integer', 'float', 'boolean', 'list', 'dict', 'regex', 'textarea'];
/** Input types added in DSL 1_4 (values are identifiers, checked as strings locally). */
export const OBJECT_TYPES = [
  'blueprint_id',
  'deployment_id',
  'node_id',
  'node_type',
  'node_instance',
  'secret_key',
  'scaling_group',
  'capability_value',
  'operation_name',
];

const SCHEMA_KEYS = [
  'type',
  'default',
  'description',
  'required',
  'constraints',
  'display_label',
  'hidden',
  'item_type',
];
const INPUT_KEYS = [...SCHEMA_KEYS, 'display'];

/** Parses `{name: {type, default, …}}`; a bare value instead of a map is a format error (code 1). */
export function parseSchema(
  raw: unknown,
  container: unknown,
  key: string,
  path: string,
  ctx: ParseContext,
  kind: 'input' | 'property' = 'property',
): SchemaMap {
  const schema: SchemaMap = new Map();
  const map = ctx.map(raw, container, key, path);
  for (const [name, definition] of Object.entries(map ?? {})) {
    const prop = parsePropertyDefinition(name, definition, map, `${path}.${name}`, ctx, kind);
    if (prop) schema.set(name, prop);
  }
  return schema;
}

/** One `name: {type, default, description, required, constraints, …}` definition. */
export function parsePropertyDefinition(
  name: string,
  definition: unknown,
  container: unknown,
  path: string,
  ctx: ParseContext,
  kind: 'input' | 'property' = 'property',
): PropertySchema | undefined {
  const where: Where = { container, key: name, path, which: 'key' };
  const def: YamlMap | undefined = definition === null ? {} : isYamlMap(definition) ? definition : undefined;
  if (!def) {
    ctx.error(
      ErrorCode.format,
      `'${name}' must be a schema map (type, default, description…) but is a plain value`,
      { container, key: name, path },
      `write it as "${name}: { default: ${pythonStr(definition)} }"`,
    );
    return undefined;
  }
  ctx.checkKeys(def, kind === 'input' ? INPUT_KEYS : SCHEMA_KEYS, path);
  if (def.required !== undefined)
    ctx.gate('propertyRequired', `'required'`, def, 'required', `${path}.required`);
  if (def.display_label !== undefined)
    ctx.gate('displayLabel', `'display_label'`, def, 'display_label', path);
  if (def.hidden !== undefined) ctx.gate('hidden', `'hidden'`, def, 'hidden', path);
  if (def.item_type !== undefined) ctx.gate('itemType', `'item_type'`, def, 'item_type', path);
  const required = def.required ?? true;
  if (typeof required !== 'boolean') {
    ctx.error(ErrorCode.format, `'required' must be true or false`, {
      container: def,
      key: 'required',
      path,
    });
  }
  const constraints = parseConstraints(def.constraints, def, 'constraints', `${path}.constraints`, ctx);
  if (constraints.some((c) => c.errorMessage !== undefined)) {
    ctx.gate('constraintErrorMessage', `constraint 'error_message'`, def, 'constraints', path);
  }
  return {
    name,
    type: ctx.string(def.type, def, 'type', `${path}.type`),
    hasDefault: Object.hasOwn(def, 'default'),
    default: def.default,
    required: required !== false,
    description: typeof def.description === 'string' ? def.description : undefined,
    constraints,
    itemType: ctx.string(def.item_type, def, 'item_type', `${path}.item_type`),
    where,
  };
}

/** Checks the type names (103) and default values (105, constraints) of a declared schema. */
export function checkSchemaDeclarations(
  schema: SchemaMap,
  dataTypes: DataTypeLookup,
  ctx: ParseContext,
): void {
  for (const prop of schema.values()) {
    for (const [field, typeName] of [
      ['type', prop.type],
      ['item_type', prop.itemType],
    ] as const) {
      if (typeName === undefined || PRIMITIVE_TYPES.includes(typeName) || dataTypes.properties(typeName))
        continue;
      if (OBJECT_TYPES.includes(typeName)) {
        const feature = typeName === 'operation_name' ? 'operationNameType' : 'objectInputTypes';
        ctx.gate(feature, `type '${typeName}'`, prop.where.container, prop.where.key, prop.where.path);
        continue;
      }
      const guess = closest(typeName, [...PRIMITIVE_TYPES, ...dataTypes.names()]);
      ctx.error(
        ErrorCode.unknownDataType,
        `Could not locate type '${typeName}' used by '${prop.where.path}' (${field})`,
        prop.where,
        guess
          ? `did you mean '${guess}'?`
          : `use one of ${PRIMITIVE_TYPES.join(', ')} or a type from data_types`,
      );
    }
    if (prop.hasDefault) {
      const defaultWhere = {
        container: prop.where.container,
        key: prop.where.key,
        path: `${prop.where.path}.default`,
      };
      checkValue(prop.default, prop, defaultWhere, { reporter: ctx, dataTypes });
    }
  }
}

export interface ValueContext {
  reporter: Reporter;
  dataTypes: DataTypeLookup;
}

type Checked = Pick<PropertySchema, 'type' | 'itemType' | 'constraints'>;

/** Checks one value against a property's type and constraints; returns it with data-type defaults filled in. */
export function checkValue(value: unknown, prop: Checked, where: Where, vc: ValueContext): unknown {
  if (value === null || value === undefined || asFunctionCall(value) || isUnknown(value)) return value;
  const type = prop.type;
  let result = value;
  const dataType = type === undefined ? undefined : vc.dataTypes.properties(type);
  if (dataType) {
    if (!isYamlMap(value)) {
      typeError(value, type!, where, vc.reporter);
      return value;
    }
    result = applySchema(value, dataType, where, vc, {
      undefinedProperty: (name) => `'${name}' is not a property of data type '${type}'`,
      missingProperty: (name) => `Data type '${type}' needs a value for its mandatory '${name}' property`,
    });
  } else if (type !== undefined && !matchesPrimitive(value, type)) {
    typeError(value, type, where, vc.reporter);
    return value;
  }
  if (Array.isArray(value) && prop.itemType !== undefined) {
    const itemType = prop.itemType;
    result = value.map((item, index) =>
      checkValue(
        item,
        { type: itemType, constraints: [] },
        { container: value, key: index, path: `${where.path}[${index}]` },
        vc,
      ),
    );
  }
  for (const constraint of prop.constraints) {
    const failure = constraint.check(value);
    if (failure === undefined) continue;
    const reason = failure === 'violated' ? '' : ` (${failure})`;
    vc.reporter.error(
      undefined,
      constraint.errorMessage ??
        `Value ${pythonRepr(value)} of '${leaf(where)}' violates constraint ${describeConstraint(constraint)}${reason}`,
      where,
    );
  }
  return result;
}

const leaf = (where: Where): string =>
  typeof where.key === 'string' ? where.key : (where.path.split('.').pop() ?? where.path);

function matchesPrimitive(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
    case 'regex':
    case 'textarea':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'list':
      return Array.isArray(value);
    case 'dict':
      return isYamlMap(value);
    case 'capability_value':
      return true;
    default:
      // 1_4 object types name things (deployments, nodes, secrets…): identifiers
      return OBJECT_TYPES.includes(type) ? typeof value === 'string' : true;
  }
}

function typeError(value: unknown, type: string, where: Where, reporter: Reporter): void {
  reporter.error(
    ErrorCode.wrongValueType,
    `Value ${pythonRepr(value)} of '${leaf(where)}' does not match its type '${type}'`,
    where,
  );
}

export interface SchemaMessages {
  undefinedProperty(name: string): string;
  missingProperty(name: string): string;
}

/**
 * Values given for a schema (a node's `properties`, a data-type value…): every given key must be
 * declared (106), every mandatory one given (107), each value must fit (105). Returns the values
 * with defaults applied, in schema order.
 */
export function applySchema(
  values: YamlMap | undefined,
  schema: SchemaMap,
  owner: Where,
  vc: ValueContext,
  messages: SchemaMessages,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const given = values ?? {};
  for (const name of Object.keys(given)) {
    if (schema.has(name)) continue;
    const guess = closest(name, schema.keys());
    vc.reporter.error(
      ErrorCode.undefinedProperty,
      messages.undefinedProperty(name),
      { container: given, key: name, path: `${owner.path}.${name}`, which: 'key' },
      guess ? `did you mean '${guess}'?` : `remove it, or declare it in the type's properties`,
    );
  }
  for (const [name, prop] of schema) {
    const where: Where = { container: given, key: name, path: `${owner.path}.${name}` };
    if (Object.hasOwn(given, name)) {
      result[name] = checkValue(given[name], prop, where, vc);
    } else if (prop.hasDefault) {
      result[name] = filledDefault(prop, vc);
    } else if (prop.required) {
      vc.reporter.error(
        ErrorCode.missingProperty,
        messages.missingProperty(name),
        owner,
        `add '${name}: <value>'`,
      );
    }
  }
  return result;
}

const silent: Reporter = { error: () => undefined };
const filledDefaults = new WeakMap<PropertySchema, unknown>();

/** A property's default with nested data-type defaults filled in (computed once per declaration). */
function filledDefault(prop: PropertySchema, vc: ValueContext): unknown {
  if (prop.type === undefined || !vc.dataTypes.properties(prop.type)) return prop.default;
  if (!filledDefaults.has(prop)) {
    filledDefaults.set(prop, checkValue(prop.default, prop, prop.where, { ...vc, reporter: silent }));
  }
  return filledDefaults.get(prop);
}
