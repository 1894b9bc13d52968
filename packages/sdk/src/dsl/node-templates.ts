// node_templates: type (7), properties against the type's schema (105/106/107), interfaces merged
// over the type's, relationships (26 type, 25 target, 23 self, 112 two contained_in), instances
// and capabilities.scalable (209 both). Functions in them stay unevaluated here (createPlan does that).
import { CONTAINED_IN, DEPENDS_ON } from './builtin-types.js';
import { ErrorCode } from './errors.js';
import { checkFunctions, type FunctionCheckContext } from './function-checks.js';
import { asFunctionCall } from './function-names.js';
import { parseInterfaces, type Interfaces } from './operations.js';
import { closest, type ParseContext, type Where } from './parse-context.js';
import type { PlanNode, PlanOperation, PlanPlugin, PlanRelationship } from './plan.js';
import { applySchema, type PropertySchema, type SchemaMap, type ValueContext } from './schema.js';
import type { Entry } from './sections.js';
import { pythonRepr } from './values.js';
import type { NodeType, RelationshipType, TypeRegistries } from './types.js';
import type { YamlMap } from './yaml-source.js';
import { assignHosts, checkCycles, checkHostAgentOperations } from './node-graph.js';
import { parseInstances } from './scalable.js';
import { TemplateOperations } from './template-operations.js';

export interface BlueprintNode {
  /** Properties and operation inputs may still hold intrinsic functions. */
  plan: PlanNode;
  /** The node type's property schema, to check values computed by functions at plan time. */
  schema: SchemaMap;
  /** The template's own `properties` map as written (for positions). */
  propertyValues?: YamlMap;
  /** Instances per containing instance: a number, or a function call evaluated at plan time. */
  deploy: unknown;
  deployWhere: Where;
  where: Where;
}

const NODE_KEYS = ['type', 'properties', 'interfaces', 'relationships', 'instances', 'capabilities'];
const RELATIONSHIP_KEYS = ['type', 'target', 'properties', 'source_interfaces', 'target_interfaces'];

interface Builder {
  ctx: ParseContext;
  types: TypeRegistries;
  plugins: Record<string, PlanPlugin>;
  vc: ValueContext;
  fc: FunctionCheckContext;
  operations: TemplateOperations;
}

export function parseNodeTemplates(
  entries: Map<string, Entry>,
  types: TypeRegistries,
  plugins: Record<string, PlanPlugin>,
  fc: FunctionCheckContext,
): BlueprintNode[] {
  const { ctx } = fc;
  const b: Builder = {
    ctx,
    types,
    plugins,
    vc: { reporter: ctx, dataTypes: types.dataTypes },
    fc,
    operations: new TemplateOperations(ctx, plugins),
  };
  const nodes: BlueprintNode[] = [];
  for (const entry of entries.values()) {
    const node = parseNode(entry, b);
    if (node) nodes.push(node);
  }
  assignHosts(nodes);
  checkHostAgentOperations(nodes, ctx);
  checkCycles(nodes, ctx);
  return nodes;
}

function parseNode(entry: Entry, b: Builder): BlueprintNode | undefined {
  const { ctx } = b;
  const name = entry.name;
  const where: Where = { container: entry.section, key: name, path: entry.path, which: 'key' };
  const map = ctx.map(entry.value, entry.section, name, entry.path);
  if (!map) return undefined;
  ctx.checkKeys(map, NODE_KEYS, entry.path);
  const typeName = ctx.required(map, 'type', entry.path)
    ? ctx.string(map.type, map, 'type', `${entry.path}.type`)
    : undefined;
  const nodeType = typeName === undefined ? undefined : b.types.nodeTypes.get(typeName);
  if (typeName !== undefined && !nodeType && !b.types.nodeTypes.has(typeName)) {
    const guess = closest(typeName, b.types.nodeTypes.names());
    ctx.error(
      ErrorCode.unknownNodeType,
      `Could not locate node type: '${typeName}'`,
      { container: map, key: 'type', path: `${entry.path}.type` },
      guess ? `did you mean '${guess}'?` : 'import the types or plugin YAML that defines it',
    );
  }
  const values = ctx.map(map.properties, map, 'properties', `${entry.path}.properties`);
  const propertiesWhere: Where = {
    container: values ? map : entry.section,
    key: values ? 'properties' : name,
    path: `${entry.path}.properties`,
    which: 'key',
  };
  checkFunctions(values, 'node', propertiesWhere, b.fc);
  const properties = nodeType
    ? applySchema(values, nodeType.properties, propertiesWhere, b.vc, {
        undefinedProperty: (p) =>
          `'${name}' node '${p}' property is not part of the derived type properties schema`,
        missingProperty: (p) =>
          `'${name}' node does not provide a value for mandatory '${p}' property which is part of its type schema`,
      })
    : { ...values };
  const templateInterfaces = parseInterfaces(
    map.interfaces,
    map,
    'interfaces',
    `${entry.path}.interfaces`,
    ctx,
    'template',
  );
  checkOperationInputs(templateInterfaces, 'node', b.fc);
  const operations = nodeType ? nodeOperations(name, nodeType, templateInterfaces, where, b) : {};
  const relationships = parseRelationships(name, map, entry.path, b);
  const containedIn = relationships.filter((r) => r.typeHierarchy.includes(CONTAINED_IN));
  if (containedIn.length > 1) {
    ctx.error(
      ErrorCode.moreThanOneContainedIn,
      `Node '${name}' has more than one relationship that is derived from '${CONTAINED_IN}' relationship. Found: [${containedIn.map((r) => r.type).join(', ')}] for targets: [${containedIn.map((r) => r.target).join(', ')}]`,
      { container: map, key: 'relationships', path: `${entry.path}.relationships`, which: 'key' },
      'a node can be contained in one node only; make the others connected_to or depends_on',
    );
  }
  const { deploy, deployWhere } = parseInstances(map, entry.path, where, ctx);
  const plan: PlanNode = {
    name,
    type: typeName ?? '',
    typeHierarchy: nodeType?.hierarchy ?? [],
    properties,
    operations,
    relationships,
    deployInstances: 1,
    location: ctx.at(entry.section, name, entry.path, 'key'),
  };
  if (containedIn[0]) plan.containedIn = containedIn[0].target;
  return {
    plan,
    schema: nodeType?.properties ?? new Map<string, PropertySchema>(),
    propertyValues: values,
    deploy,
    deployWhere,
    where,
  };
}

function checkOperationInputs(
  interfaces: Interfaces,
  scope: 'node' | 'relationship',
  fc: FunctionCheckContext,
): void {
  for (const ops of interfaces.values()) {
    for (const op of ops.values()) {
      if (op.inputValues)
        checkFunctions(op.inputValues, scope, { ...op.where, path: `${op.where.path}.inputs` }, fc);
    }
  }
}

function nodeOperations(
  name: string,
  nodeType: NodeType,
  templateInterfaces: Interfaces,
  where: Where,
  b: Builder,
): Record<string, PlanOperation> {
  return b.operations.resolve(
    `node:${nodeType.name}`,
    nodeType.interfaces,
    templateInterfaces,
    ErrorCode.badImplementation,
    {
      type: `in node type '${nodeType.name}'`,
      template: `in node '${name}' of type '${nodeType.name}'`,
      where,
    },
  );
}

function parseRelationships(name: string, map: YamlMap, path: string, b: Builder): PlanRelationship[] {
  const { ctx } = b;
  const list = ctx.list(map.relationships, map, 'relationships', `${path}.relationships`) ?? [];
  const relationships: PlanRelationship[] = [];
  list.forEach((raw, index) => {
    const relPath = `${path}.relationships[${index}]`;
    const rel = ctx.map(raw, list, index, relPath);
    if (!rel) return;
    ctx.checkKeys(rel, RELATIONSHIP_KEYS, relPath);
    const typeName = ctx.required(rel, 'type', relPath)
      ? ctx.string(rel.type, rel, 'type', `${relPath}.type`)
      : undefined;
    const target = ctx.required(rel, 'target', relPath)
      ? ctx.string(rel.target, rel, 'target', `${relPath}.target`)
      : undefined;
    const relType = typeName === undefined ? undefined : b.types.relationshipTypes.get(typeName);
    if (typeName !== undefined && !relType && !b.types.relationshipTypes.has(typeName)) {
      const guess = closest(typeName, b.types.relationshipTypes.names());
      ctx.error(
        ErrorCode.unknownRelationshipType,
        `A relationship instance under node '${name}' declares an undefined relationship type '${typeName}'`,
        { container: rel, key: 'type', path: `${relPath}.type` },
        guess ? `did you mean '${guess}'?` : 'import the types that define it',
      );
    }
    const targetOk = target !== undefined && checkTarget(name, typeName ?? '', target, rel, relPath, b);
    if (!relType || !targetOk) return;
    relationships.push(buildRelationship(name, relType, target, rel, relPath, b));
  });
  return relationships;
}

function checkTarget(
  name: string,
  typeName: string,
  target: string,
  rel: YamlMap,
  relPath: string,
  b: Builder,
): boolean {
  const where = { container: rel, key: 'target', path: `${relPath}.target` };
  if (target === name) {
    b.ctx.error(
      ErrorCode.relationshipSelfTarget,
      `A relationship instance under node '${name}' of type '${typeName}' illegally declares the source node as the target node`,
      where,
    );
    return false;
  }
  if (b.fc.nodes.has(target)) return true;
  const guess = closest(target, b.fc.nodes);
  b.ctx.error(
    ErrorCode.unknownRelationshipTarget,
    `A relationship instance under node '${name}' of type '${typeName}' declares an undefined target node '${target}'`,
    where,
    guess ? `did you mean '${guess}'?` : 'use the name of a node template',
  );
  return false;
}

function buildRelationship(
  name: string,
  relType: RelationshipType,
  target: string,
  rel: YamlMap,
  relPath: string,
  b: Builder,
): PlanRelationship {
  const { ctx } = b;
  const values = ctx.map(rel.properties, rel, 'properties', `${relPath}.properties`);
  const propertiesWhere: Where = {
    container: rel,
    key: values ? 'properties' : 'type',
    path: `${relPath}.properties`,
    which: 'key',
  };
  checkFunctions(values, 'relationship', propertiesWhere, b.fc);
  const properties = applySchema(values, relType.properties, propertiesWhere, b.vc, {
    undefinedProperty: (p) =>
      `'${name}' node relationship '${p}' property is not part of the derived relationship type properties schema`,
    missingProperty: (p) =>
      `'${name}' node relationship does not provide a value for mandatory '${p}' property which is part of its relationship type schema`,
  });
  const connection = properties.connection_type;
  if (
    relType.hierarchy.includes(DEPENDS_ON) &&
    connection !== undefined &&
    !asFunctionCall(connection) &&
    connection !== 'all_to_all' &&
    connection !== 'all_to_one'
  ) {
    ctx.error(
      ErrorCode.format,
      `connection_type must be all_to_all or all_to_one, not ${pythonRepr(connection)}`,
      { container: values, key: 'connection_type', path: `${relPath}.properties.connection_type` },
    );
  }
  const owners = (side: string) => ({
    type: `in the ${side} interfaces of relationship type '${relType.name}'`,
    template: `in relationship of type '${relType.name}' in node '${name}'`,
    where: { container: rel, key: 'type', path: relPath, which: 'key' as const },
  });
  const sides = (['source', 'target'] as const).map((side) => {
    const key = `${side}_interfaces`;
    const template = parseInterfaces(rel[key], rel, key, `${relPath}.${key}`, ctx, 'template');
    checkOperationInputs(template, 'relationship', b.fc);
    const typeInterfaces = side === 'source' ? relType.sourceInterfaces : relType.targetInterfaces;
    return b.operations.resolve(
      `${side}:${relType.name}`,
      typeInterfaces,
      template,
      ErrorCode.badRelationshipImplementation,
      owners(side),
    );
  });
  return {
    type: relType.name,
    typeHierarchy: relType.hierarchy,
    target,
    properties,
    sourceOperations: sides[0] ?? {},
    targetOperations: sides[1] ?? {},
    location: ctx.at(rel, undefined, relPath),
  };
}
