// Reads a plugin.yaml with the SDK's own blueprint engine. A plugin.yaml is a blueprint fragment
// (no tosca_definitions_version, no node_templates) whose types derive from Cloudify's built-in
// ones, so it is loaded as an import of a tiny synthetic blueprint that also imports the built-in
// types: the engine then checks it exactly as it would inside a real blueprint (every error, with
// file:line:col), and resolves derived_from chains, property schemas and interfaces.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBlueprint } from '../dsl/blueprint.js';
import type { DslError } from '../dsl/errors.js';
import { collectDocuments } from '../dsl/imports.js';
import { ParseContext } from '../dsl/parse-context.js';
import type { DataTypeLookup } from '../dsl/schema.js';
import { mergeSections, type Entry } from '../dsl/sections.js';
import {
  createTypeRegistries,
  type NodeType,
  type RelationshipType,
  type ResolvedType,
} from '../dsl/types.js';
import { LATEST_DSL_VERSION } from '../dsl/versions.js';
import { sourceFileOf } from '../dsl/yaml-source.js';

/** The types a plugin.yaml declares, resolved down their derived_from chains. */
export interface PluginYamlTypes {
  /** Absolute path of the plugin.yaml. */
  file: string;
  /** Node types declared in the file, in declaration order. */
  nodeTypes: NodeType[];
  /** Relationship types declared in the file, in declaration order. */
  relationshipTypes: RelationshipType[];
  /** Data types declared in the file, in declaration order. */
  dataTypes: ResolvedType[];
  /** Every data type the file can use (its own, imported and built-in ones). */
  allDataTypes: DataTypeLookup & { get(name: string): ResolvedType | undefined };
  /** Names of every declared plugin (built-in ones included), to tell plugin mappings from scripts. */
  pluginNames: string[];
}

export type PluginYamlLoad =
  { types: PluginYamlTypes; errors: [] } | { types?: undefined; errors: DslError[] };

/** Loads `file` (an absolute path to an existing plugin.yaml); errors are located in that file. */
export async function loadPluginYaml(file: string): Promise<PluginYamlLoad> {
  const dir = await mkdtemp(join(tmpdir(), 'cloudify-plugin-types-'));
  const synthetic = join(dir, 'blueprint.yaml');
  try {
    // JSON strings are YAML scalars: any path is quoted safely.
    await writeFile(
      synthetic,
      `tosca_definitions_version: ${LATEST_DSL_VERSION}\n` +
        `imports:\n  - cloudify/types/types.yaml\n  - ${JSON.stringify(file)}\n`,
    );
    const loaded = await loadBlueprint(synthetic);
    if (loaded.errors.length > 0) return { errors: loaded.errors.map((e) => relocate(e, synthetic, file)) };

    // Valid: read it again for the type registries, which loadBlueprint keeps to itself.
    const ctx = new ParseContext(synthetic, true);
    const sections = mergeSections(await collectDocuments(ctx, {}), ctx);
    const registries = createTypeRegistries(sections, ctx);
    const declared = <T>(section: Map<string, Entry>, get: (name: string) => T | undefined): T[] =>
      [...section.values()]
        .filter((entry) => sourceFileOf(entry.section) === file)
        .map((entry) => get(entry.name))
        .filter((type): type is T => type !== undefined);
    const dataTypes = registries.dataTypes;
    return {
      errors: [],
      types: {
        file,
        nodeTypes: declared(sections.node_types, (name) => registries.nodeTypes.get(name)),
        relationshipTypes: declared(sections.relationships, (name) => registries.relationshipTypes.get(name)),
        dataTypes: declared(sections.data_types, (name) => dataTypes.get(name)),
        allDataTypes: dataTypes,
        pluginNames: [...sections.plugins.keys()],
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The synthetic blueprint is ours, not the user's: anything reported there belongs to plugin.yaml. */
function relocate(error: DslError, synthetic: string, file: string): DslError {
  if (error.location?.file !== synthetic) return error;
  return { ...error, location: { ...error.location, file, line: 1, column: 1 } };
}
