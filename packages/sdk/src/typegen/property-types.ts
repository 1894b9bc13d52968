// DSL property types -> TypeScript types. A property with a default is always present (Cloudify
// fills defaults in), so only `required: false` without a default is optional.
import { OBJECT_TYPES, type PropertySchema } from '../dsl/schema.js';

/** The TypeScript name of a data type, or undefined when `dslName` is not a data type. */
export type DataTypeNamer = (dslName: string) => string | undefined;

/** DSL types whose values are strings: 1_4's object types name things (deployments, nodes, secrets…). */
const STRING_TYPES = new Set([
  'string',
  'regex',
  'textarea',
  ...OBJECT_TYPES.filter((type) => type !== 'capability_value'),
]);

/** The TypeScript type of a value of DSL type `type` (a list's items of `itemType`). */
export function typeScriptType(
  type: string | undefined,
  itemType: string | undefined,
  dataTypeName: DataTypeNamer,
): string {
  if (type === undefined) return 'unknown';
  if (STRING_TYPES.has(type)) return 'string';
  switch (type) {
    case 'integer':
    case 'float':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'dict':
      return 'Record<string, unknown>';
    case 'list':
      return itemType === undefined ? 'unknown[]' : `${typeScriptType(itemType, undefined, dataTypeName)}[]`;
    default:
      return dataTypeName(type) ?? 'unknown';
  }
}

/** A property's type, `| null` when its default is null (the value Cloudify will pass). */
export function propertyType(schema: PropertySchema, dataTypeName: DataTypeNamer): string {
  const type = typeScriptType(schema.type, schema.itemType, dataTypeName);
  return schema.hasDefault && schema.default === null && type !== 'unknown' ? `${type} | null` : type;
}

export function isOptional(schema: PropertySchema): boolean {
  return !schema.required && !schema.hasDefault;
}

/** Data types a schema refers to (its own type and item type). */
export function referencedTypes(schema: PropertySchema): string[] {
  return [schema.type, schema.itemType].filter((name): name is string => name !== undefined);
}
