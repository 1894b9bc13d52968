// Merges the blueprint's documents (main + imports) section by section. A name defined in two
// documents is Cloudify's error 4 ("could not merge … due to conflict"), which is also why
// declaring a `script` plugin next to the Cloudify types fails.
import { ErrorCode } from './errors.js';
import type { SourceDocument } from './imports.js';
import type { ParseContext } from './parse-context.js';
import type { Feature } from './versions.js';
import { locate, type YamlMap } from './yaml-source.js';

export const TOP_LEVEL_KEYS = [
  'tosca_definitions_version',
  'description',
  'imports',
  'dsl_definitions',
  'metadata',
  'inputs',
  'plugins',
  'node_types',
  'relationships',
  'node_templates',
  'policy_types',
  'policy_triggers',
  'groups',
  'policies',
  'workflows',
  'outputs',
  'data_types',
  'capabilities',
  'labels',
  'blueprint_labels',
  'deployment_settings',
  'resource_tags',
] as const;

const MERGED = [
  'inputs',
  'plugins',
  'node_types',
  'relationships',
  'node_templates',
  'policy_types',
  'policy_triggers',
  'groups',
  'policies',
  'workflows',
  'outputs',
  'data_types',
  'capabilities',
  'labels',
  'blueprint_labels',
  'resource_tags',
] as const;

export type SectionName = (typeof MERGED)[number];

/** One named definition (a node type, an input, a node template…) and where it was written. */
export interface Entry {
  name: string;
  value: unknown;
  /** The section map that holds it (for positions). */
  section: YamlMap;
  /** e.g. `node_templates.web`. */
  path: string;
  builtin: boolean;
}

export type Sections = Record<SectionName, Map<string, Entry>>;

const GATED_SECTIONS: Partial<Record<string, Feature>> = {
  data_types: 'dataTypes',
  dsl_definitions: 'dslDefinitions',
  resource_tags: 'resourceTags',
};

/** Sections that Cloudify before 1_4 accepts from one document only. */
const SINGLE_DOCUMENT_BEFORE_1_4 = ['inputs', 'node_templates', 'outputs'] as const;

export function mergeSections(documents: SourceDocument[], ctx: ParseContext): Sections {
  const sections = Object.fromEntries(MERGED.map((name) => [name, new Map<string, Entry>()])) as Sections;
  const definedIn = new Map<string, number>();
  for (const [index, doc] of documents.entries()) {
    ctx.checkKeys(doc.data, TOP_LEVEL_KEYS, '');
    for (const [key, feature] of Object.entries(GATED_SECTIONS)) {
      if (feature && doc.data[key] !== undefined) ctx.gate(feature, `'${key}'`, doc.data, key, key);
    }
    if (index === 0 && doc.data.description !== undefined) {
      ctx.gate('description', `'description'`, doc.data, 'description', 'description');
    }
    for (const name of MERGED) {
      const section = ctx.map(doc.data[name], doc.data, name, name);
      if (!section) continue;
      if ((SINGLE_DOCUMENT_BEFORE_1_4 as readonly string[]).includes(name)) {
        definedIn.set(name, (definedIn.get(name) ?? 0) + 1);
        if (definedIn.get(name) === 2) {
          ctx.gate(
            'repeatedTemplateImports',
            `Defining '${name}' in more than one file`,
            doc.data,
            name,
            name,
          );
        }
      }
      mergeSection(name, section, doc, sections[name], ctx);
    }
  }
  return sections;
}

function mergeSection(
  name: SectionName,
  section: YamlMap,
  doc: SourceDocument,
  into: Map<string, Entry>,
  ctx: ParseContext,
): void {
  for (const [key, value] of Object.entries(section)) {
    const path = `${name}.${key}`;
    const existing = into.get(key);
    if (existing) {
      const first = locate(existing.section, key, path, 'key');
      const firstAt = first ? `${first.file}:${first.line}` : 'another file';
      const hint =
        name === 'plugins' && existing.builtin
          ? `the Cloudify types already declare the '${key}' plugin; remove this declaration`
          : `'${key}' is already defined at ${firstAt}; rename one of them`;
      ctx.error(
        ErrorCode.importConflict,
        `Import failed: could not merge '${name}' due to conflict on '${key}'`,
        { container: section, key, path, which: 'key' },
        hint,
      );
      continue;
    }
    into.set(key, { name: key, value, section, path, builtin: doc.builtin });
  }
}
