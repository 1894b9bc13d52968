// What the generated file declares, worked out from a loaded plugin.yaml: one object type per node
// type's and relationship type's properties, per mapped operation's inputs and per data type they
// use, plus the NodeTypes and RelationshipTypes maps from DSL names to those types.
import type { Interfaces, OperationSpec } from '../dsl/operations.js';
import type { PropertySchema, SchemaMap } from '../dsl/schema.js';
import type { ResolvedType } from '../dsl/types.js';
import { isYamlMap } from '../dsl/yaml-source.js';
import type { PluginYamlTypes } from './load-plugin-yaml.js';
import { baseNames, pascalCase, uniqueNames } from './names.js';
import { isOptional, propertyType, referencedTypes } from './property-types.js';

export interface Field {
  name: string;
  /** TypeScript type text. */
  type: string;
  optional: boolean;
  /** JSDoc lines (none: no comment). */
  doc: string[];
}

export interface ObjectTypeDeclaration {
  name: string;
  doc: string[];
  fields: Field[];
}

/** A member of a map type: a type reference, or a nested object of members. */
export type MapMember = { key: string; type: string } | { key: string; members: MapMember[] };

export interface TypesModel {
  declarations: ObjectTypeDeclaration[];
  /** NodeTypes: node type name -> { properties, inputs: { operation -> inputs type } }. */
  nodeTypes: MapMember[];
  /** RelationshipTypes: name -> { properties, sourceInputs, targetInputs }. */
  relationshipTypes: MapMember[];
}

/** The script runner consumes these itself: they never reach the operation. */
const SCRIPT_RUNNER_PARAMETERS = new Set(['script_path', 'script_source', 'process', 'ssl_cert_content']);

interface MappedOperation {
  /** Key in the map: the operation name, or `interface.operation` where two interfaces share it. */
  key: string;
  /** What goes between the type's base name and `Inputs`. */
  namePart: string;
  fullName: string;
  inputs: SchemaMap;
}

export function buildModel(types: PluginYamlTypes): TypesModel {
  const dataTypeOrder = usedDataTypes(types);
  const ownerBases = baseNames([...types.nodeTypes, ...types.relationshipTypes].map((t) => t.name));
  const dataBases = baseNames(dataTypeOrder.map((t) => t.name));
  // Every declared name, made unique together, in the order the file declares them.
  const wanted: [string, string][] = [];
  const nodeOps = new Map(types.nodeTypes.map((t) => [t.name, mappedOperations(t.interfaces, '', types)]));
  const relationOps = new Map(
    types.relationshipTypes.map((t) => [
      t.name,
      {
        source: mappedOperations(t.sourceInterfaces, 'Source', types),
        target: mappedOperations(t.targetInterfaces, 'Target', types),
      },
    ]),
  );
  for (const type of types.nodeTypes) {
    const base = ownerBases.get(type.name)!;
    wanted.push([`properties:${type.name}`, `${base}Properties`]);
    for (const op of nodeOps.get(type.name)!)
      wanted.push([`inputs:${type.name}:${op.fullName}`, `${base}${op.namePart}Inputs`]);
  }
  for (const type of types.relationshipTypes) {
    const base = ownerBases.get(type.name)!;
    wanted.push([`properties:${type.name}`, `${base}Properties`]);
    const { source, target } = relationOps.get(type.name)!;
    for (const op of [...source, ...target]) {
      wanted.push([`inputs:${type.name}:${op.namePart}:${op.fullName}`, `${base}${op.namePart}Inputs`]);
    }
  }
  for (const type of dataTypeOrder) wanted.push([`data:${type.name}`, dataBases.get(type.name)!]);
  const names = new Map(uniqueNames(wanted));
  const dataTypeName = (dslName: string): string | undefined => names.get(`data:${dslName}`);
  const fields = (schema: SchemaMap): Field[] => [...schema.values()].map((p) => field(p, dataTypeName));

  const declarations: ObjectTypeDeclaration[] = [];
  const nodeTypes: MapMember[] = [];
  for (const type of types.nodeTypes) {
    const properties = names.get(`properties:${type.name}`)!;
    declarations.push({
      name: properties,
      doc: [`\`ctx.node.properties\` of node type \`${type.name}\`${derivedFrom(type)}.`],
      fields: fields(type.properties),
    });
    const inputs: MapMember[] = [];
    for (const op of nodeOps.get(type.name)!) {
      const name = names.get(`inputs:${type.name}:${op.fullName}`)!;
      declarations.push({
        name,
        doc: [`Inputs of operation \`${op.fullName}\` of node type \`${type.name}\`.`],
        fields: fields(op.inputs),
      });
      inputs.push({ key: op.key, type: name });
    }
    nodeTypes.push({
      key: type.name,
      members: [
        { key: 'properties', type: properties },
        { key: 'inputs', members: inputs },
      ],
    });
  }

  const relationshipTypes: MapMember[] = [];
  for (const type of types.relationshipTypes) {
    const properties = names.get(`properties:${type.name}`)!;
    declarations.push({
      name: properties,
      doc: [`Properties of relationship type \`${type.name}\`${derivedFrom(type)}.`],
      fields: fields(type.properties),
    });
    const { source, target } = relationOps.get(type.name)!;
    const sides: MapMember[] = [];
    for (const [side, ops] of [
      ['source', source],
      ['target', target],
    ] as const) {
      const inputs: MapMember[] = [];
      for (const op of ops) {
        const name = names.get(`inputs:${type.name}:${op.namePart}:${op.fullName}`)!;
        declarations.push({
          name,
          doc: [`Inputs of ${side} operation \`${op.fullName}\` of relationship type \`${type.name}\`.`],
          fields: fields(op.inputs),
        });
        inputs.push({ key: op.key, type: name });
      }
      sides.push({ key: `${side}Inputs`, members: inputs });
    }
    relationshipTypes.push({ key: type.name, members: [{ key: 'properties', type: properties }, ...sides] });
  }

  for (const type of dataTypeOrder) {
    declarations.push({
      name: dataTypeName(type.name)!,
      doc: dataTypeDoc(type),
      fields: fields(type.properties),
    });
  }
  return { declarations, nodeTypes, relationshipTypes };
}

function field(schema: PropertySchema, dataTypeName: (dslName: string) => string | undefined): Field {
  const doc = schema.description === undefined ? [] : schema.description.trimEnd().split(/\r?\n/);
  if (schema.hasDefault) doc.push(`@default ${JSON.stringify(schema.default)}`);
  return { name: schema.name, type: propertyType(schema, dataTypeName), optional: isOptional(schema), doc };
}

function derivedFrom(type: ResolvedType): string {
  const parent = type.hierarchy.at(-2);
  return parent === undefined ? '' : ` (derived from \`${parent}\`)`;
}

function dataTypeDoc(type: ResolvedType): string[] {
  const raw = isYamlMap(type.entry.value) ? type.entry.value.description : undefined;
  return typeof raw === 'string'
    ? raw.trimEnd().split(/\r?\n/)
    : [`Data type \`${type.name}\`${derivedFrom(type)}.`];
}

/** Operations a type maps to something (or declares inputs for), with the inputs that reach them. */
function mappedOperations(interfaces: Interfaces, side: string, types: PluginYamlTypes): MappedOperation[] {
  const ops: [string, string, OperationSpec][] = [];
  for (const [interfaceName, operations] of interfaces) {
    for (const [opName, op] of operations) {
      if (op.implementation !== '' || (op.inputSchema?.size ?? 0) > 0) ops.push([interfaceName, opName, op]);
    }
  }
  const shared = (opName: string): boolean => ops.filter(([, name]) => name === opName).length > 1;
  return ops.map(([interfaceName, opName, op]) => {
    const ambiguous = shared(opName);
    const interfacePart = ambiguous ? pascalCase(interfaceName.split('.').at(-1)!) : '';
    return {
      key: ambiguous ? `${interfaceName}.${opName}` : opName,
      namePart: `${side}${interfacePart}${pascalCase(opName)}`,
      fullName: `${interfaceName}.${opName}`,
      inputs: operationInputs(op, types.pluginNames),
    };
  });
}

function operationInputs(op: OperationSpec, pluginNames: string[]): SchemaMap {
  const schema = op.inputSchema ?? new Map<string, PropertySchema>();
  const byPlugin = pluginNames.some((p) => p !== 'script' && op.implementation.startsWith(`${p}.`));
  return byPlugin ? schema : new Map([...schema].filter(([name]) => !SCRIPT_RUNNER_PARAMETERS.has(name)));
}

/** Data types to declare: the file's own, then those its types use (transitively), in first-use order. */
function usedDataTypes(types: PluginYamlTypes): ResolvedType[] {
  const found = new Map<string, ResolvedType>();
  const visitSchema = (schema: SchemaMap | undefined): void => {
    for (const property of schema?.values() ?? []) {
      for (const name of referencedTypes(property)) visitType(name);
    }
  };
  const visitType = (name: string): void => {
    if (found.has(name)) return;
    const type = types.allDataTypes.get(name);
    if (!type) return;
    found.set(name, type);
    visitSchema(type.properties);
  };
  const visitInterfaces = (interfaces: Interfaces): void => {
    for (const operations of interfaces.values()) {
      for (const op of operations.values()) visitSchema(operationInputs(op, types.pluginNames));
    }
  };
  for (const type of types.dataTypes) visitType(type.name);
  for (const type of types.nodeTypes) {
    visitSchema(type.properties);
    visitInterfaces(type.interfaces);
  }
  for (const type of types.relationshipTypes) {
    visitSchema(type.properties);
    visitInterfaces(type.sourceInterfaces);
    visitInterfaces(type.targetInterfaces);
  }
  return [...found.values()];
}
