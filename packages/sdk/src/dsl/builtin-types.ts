// Cloudify's types URLs, resolved offline to the type definitions the SDK ships (packages/sdk/types/),
// with the table of which blueprint DSL version each URL version works with
// (reference cloudify-observed.md): types 6.4.x declare cloudify_dsl_1_4 (error 28 under 1_3),
// types 7.x also use 1_5 features (error 28 under 1_3, error 102 under 1_4).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DslVersion } from './plan.js';
import { parseYaml, type ParsedYaml } from './yaml-source.js';

/** Built-in type names the engine itself relies on. */
export const CONTAINED_IN = 'cloudify.relationships.contained_in';
export const DEPENDS_ON = 'cloudify.relationships.depends_on';
export const COMPUTE = 'cloudify.nodes.Compute';

export const BUILTIN_TYPES_FILE = fileURLToPath(new URL('../../types/cloudify/types.yaml', import.meta.url));

const TYPES_URL =
  /^(?:https?:\/\/)(?:www\.)?(?:getcloudify\.org|cloudify\.co)\/spec\/cloudify\/([^/]+)\/types\.yaml$/;
const MANAGER_TYPES = /^(?:\.\/)?cloudify\/types\/types(?:_1_\d)?\.yaml$/;

export interface TypesImport {
  /** `6.4.0`, or undefined for the manager-relative `cloudify/types/types.yaml` (adapts to the blueprint). */
  version?: string;
}

export function matchTypesImport(importString: string): TypesImport | undefined {
  if (MANAGER_TYPES.test(importString)) return {};
  const match = TYPES_URL.exec(importString);
  return match?.[1] ? { version: match[1] } : undefined;
}

export interface TypesRequirement {
  /** The tosca_definitions_version the types file declares (error 28 when newer than the blueprint's). */
  declares?: DslVersion;
  /** The newest DSL features it uses (error 102 when newer than the blueprint's). */
  usesFeaturesOf?: DslVersion;
}

const VERSION_TABLE: { from: number[]; requirement: TypesRequirement }[] = [
  { from: [7, 0], requirement: { declares: 'cloudify_dsl_1_4', usesFeaturesOf: 'cloudify_dsl_1_5' } },
  { from: [6, 4], requirement: { declares: 'cloudify_dsl_1_4', usesFeaturesOf: 'cloudify_dsl_1_4' } },
  { from: [0], requirement: {} },
];

/** What a types URL version requires of the blueprint; undefined when the version is not one we know. */
export function typesRequirement(version: string | undefined): TypesRequirement | undefined {
  if (version === undefined) return {};
  const parts = version.split('.').map((part) => Number.parseInt(part, 10));
  if (parts.length === 0 || parts.some((part, i) => Number.isNaN(part) && i < 2)) return undefined;
  const numeric = parts.map((part) => (Number.isNaN(part) ? 0 : part));
  return VERSION_TABLE.find((row) => compare(numeric, row.from) >= 0)?.requirement;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

let builtin: Promise<ParsedYaml> | undefined;

/** The built-in types, read and parsed once per process. */
export function loadBuiltinTypes(): Promise<ParsedYaml> {
  builtin ??= Promise.resolve().then(() =>
    parseYaml(BUILTIN_TYPES_FILE, readFileSync(BUILTIN_TYPES_FILE, 'utf8')),
  );
  return builtin;
}
