// node_types, relationships and data_types: each resolved once (memoised) down its derived_from
// chain. A derived type's property schema replaces its parent's for the same name (so a
// re-declaration without default makes the property mandatory); its operations replace the
// parent's one by one. Unknown parents are error 14, derivation cycles error 100.
import { ErrorCode } from './errors.js';
import { mergeTypeInterfaces, parseInterfaces, type Interfaces } from './operations.js';
import { closest, type ParseContext } from './parse-context.js';
import { checkSchemaDeclarations, parseSchema, type DataTypeLookup, type SchemaMap } from './schema.js';
import type { Entry } from './sections.js';

export interface ResolvedType {
  name: string;
  /** Root first, this type last. */
  hierarchy: string[];
  properties: SchemaMap;
  entry: Entry;
}

export interface NodeType extends ResolvedType {
  interfaces: Interfaces;
}

export interface RelationshipType extends ResolvedType {
  sourceInterfaces: Interfaces;
  targetInterfaces: Interfaces;
}

interface OwnDefinition {
  derivedFrom?: string;
  properties: SchemaMap;
  interfaces: Interfaces[];
}

class TypeRegistry<T extends ResolvedType> {
  private readonly resolved = new Map<string, T | null>();
  private readonly resolving = new Set<string>();
  private readonly own = new Map<string, OwnDefinition>();

  constructor(
    private readonly section: Map<string, Entry>,
    private readonly kind: string,
    private readonly ctx: ParseContext,
    private readonly parseOwn: (entry: Entry) => OwnDefinition,
    private readonly build: (entry: Entry, own: OwnDefinition, parent: T | undefined) => T,
  ) {}

  get(name: string): T | undefined {
    const known = this.resolved.get(name);
    if (known !== undefined) return known ?? undefined;
    const entry = this.section.get(name);
    if (!entry) return undefined;
    if (this.resolving.has(name)) {
      const cycle = [...this.resolving, name].join(' --> ');
      this.ctx.error(
        ErrorCode.circularDependency,
        `Failed parsing ${this.kind} '${name}': circular dependency detected: ${cycle}`,
        {
          container: entry.section,
          key: name,
          path: entry.path,
          which: 'key',
        },
      );
      this.resolved.set(name, null);
      return undefined;
    }
    this.resolving.add(name);
    const own = this.ownDefinition(entry);
    let parent: T | undefined;
    if (own.derivedFrom !== undefined) {
      parent = this.get(own.derivedFrom);
      if (!parent && !this.resolved.has(own.derivedFrom)) this.reportMissingParent(entry, own.derivedFrom);
    }
    this.resolving.delete(name);
    const result = own.derivedFrom !== undefined && !parent ? null : this.build(entry, own, parent);
    if (!this.resolved.has(name)) this.resolved.set(name, result);
    return this.resolved.get(name) ?? undefined;
  }

  has(name: string): boolean {
    return this.section.has(name);
  }

  names(): Iterable<string> {
    return this.section.keys();
  }

  /** Resolves every declared type (so errors in unused ones are reported too) and checks their schemas. */
  checkAll(dataTypes: DataTypeLookup): void {
    for (const name of this.section.keys()) {
      this.get(name);
      const own = this.own.get(name);
      if (own) checkSchemaDeclarations(own.properties, dataTypes, this.ctx);
    }
  }

  private ownDefinition(entry: Entry): OwnDefinition {
    let own = this.own.get(entry.name);
    if (!own) {
      own = this.parseOwn(entry);
      this.own.set(entry.name, own);
    }
    return own;
  }

  private reportMissingParent(entry: Entry, parentName: string): void {
    const guess = closest(parentName, this.section.keys());
    this.ctx.error(
      ErrorCode.unknownParentType,
      `Missing definition for ${this.kind} '${parentName}' which is declared as derived by ${this.kind} '${entry.name}'`,
      { container: entry.value, key: 'derived_from', path: `${entry.path}.derived_from` },
      guess ? `did you mean '${guess}'?` : 'import the file that defines it',
    );
  }
}

function parseOwnDefinition(
  entry: Entry,
  ctx: ParseContext,
  keys: string[],
  interfaceKeys: string[],
): OwnDefinition {
  const map = ctx.map(entry.value, entry.section, entry.name, entry.path) ?? {};
  ctx.checkKeys(map, keys, entry.path);
  return {
    derivedFrom: ctx.string(map.derived_from, map, 'derived_from', `${entry.path}.derived_from`),
    properties: parseSchema(map.properties, map, 'properties', `${entry.path}.properties`, ctx),
    interfaces: interfaceKeys.map((key) =>
      parseInterfaces(map[key], map, key, `${entry.path}.${key}`, ctx, 'type'),
    ),
  };
}

const mergeProperties = (parent: SchemaMap | undefined, own: SchemaMap): SchemaMap =>
  parent ? new Map([...parent, ...own]) : own;

const noInterfaces = (): Interfaces => new Map();

const hierarchy = (parent: ResolvedType | undefined, name: string): string[] => [
  ...(parent?.hierarchy ?? []),
  name,
];

export interface TypeRegistries {
  nodeTypes: TypeRegistry<NodeType>;
  relationshipTypes: TypeRegistry<RelationshipType>;
  dataTypes: TypeRegistry<ResolvedType> & DataTypeLookup;
}

export function createTypeRegistries(
  sections: {
    node_types: Map<string, Entry>;
    relationships: Map<string, Entry>;
    data_types: Map<string, Entry>;
  },
  ctx: ParseContext,
): TypeRegistries {
  const nodeTypes = new TypeRegistry<NodeType>(
    sections.node_types,
    'node type',
    ctx,
    (entry) => {
      const own = parseOwnDefinition(
        entry,
        ctx,
        ['derived_from', 'properties', 'interfaces', 'runtime_properties'],
        ['interfaces'],
      );
      const raw = entry.value as Record<string, unknown> | null;
      if (raw?.runtime_properties !== undefined) {
        ctx.gate(
          'nodeTypeRuntimeProperties',
          `'runtime_properties'`,
          raw,
          'runtime_properties',
          `${entry.path}.runtime_properties`,
        );
      }
      return own;
    },
    (entry, own, parent) => ({
      name: entry.name,
      hierarchy: hierarchy(parent, entry.name),
      properties: mergeProperties(parent?.properties, own.properties),
      interfaces: mergeTypeInterfaces(
        parent?.interfaces ?? noInterfaces(),
        own.interfaces[0] ?? noInterfaces(),
      ),
      entry,
    }),
  );
  const relationshipTypes = new TypeRegistry<RelationshipType>(
    sections.relationships,
    'relationship type',
    ctx,
    (entry) =>
      parseOwnDefinition(
        entry,
        ctx,
        ['derived_from', 'properties', 'source_interfaces', 'target_interfaces'],
        ['source_interfaces', 'target_interfaces'],
      ),
    (entry, own, parent) => ({
      name: entry.name,
      hierarchy: hierarchy(parent, entry.name),
      properties: mergeProperties(parent?.properties, own.properties),
      sourceInterfaces: mergeTypeInterfaces(
        parent?.sourceInterfaces ?? noInterfaces(),
        own.interfaces[0] ?? noInterfaces(),
      ),
      targetInterfaces: mergeTypeInterfaces(
        parent?.targetInterfaces ?? noInterfaces(),
        own.interfaces[1] ?? noInterfaces(),
      ),
      entry,
    }),
  );
  const dataTypeRegistry = new TypeRegistry<ResolvedType>(
    sections.data_types,
    'data type',
    ctx,
    (entry) => parseOwnDefinition(entry, ctx, ['derived_from', 'description', 'version', 'properties'], []),
    (entry, own, parent) => ({
      name: entry.name,
      hierarchy: hierarchy(parent, entry.name),
      properties: mergeProperties(parent?.properties, own.properties),
      entry,
    }),
  );
  const dataTypes = Object.assign(dataTypeRegistry, {
    properties: (name: string) => dataTypeRegistry.get(name)?.properties,
  });
  return { nodeTypes, relationshipTypes, dataTypes };
}
