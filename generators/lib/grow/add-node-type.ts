// `yo cloudify-plugin:node-type <Name>`: a new node type in plugin.yaml, with its properties, and a
// node template of it in the test blueprint.
import { isScalar } from 'yaml';
import { UsageError } from '../errors.js';
import { snakeCase } from '../names.js';
import { quote } from '../validation.js';
import { PLUGIN_YAML, type Addition } from './apply-addition.js';
import { DEFAULT_NODE_BASE } from './cloudify-types.js';
import { pluginNamespace, readPluginFile, recordedEntries, type PluginFolder } from './plugin-folder.js';
import { exampleValue, parseProperties, propertySchema } from './property-spec.js';
import { keyPosition, mapAt, parseYamlFile, withEntry, type YamlFile } from './yaml-edit.js';

export const TEST_BLUEPRINT = 'test/blueprint/blueprint.yaml';
const DOTTED_TYPE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const BARE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A type name as given: a dotted name is taken as it is, a bare one goes into the plugin's namespace
 * (`Database` → `my_plugin.nodes.Database`). Cloudify's own namespace is refused.
 */
export function qualifiedTypeName(
  plugin: PluginFolder,
  given: string,
  kind: 'nodes' | 'relationships',
): string {
  const what = kind === 'nodes' ? 'node type' : 'relationship type';
  const name = BARE_NAME.test(given) ? `${pluginNamespace(plugin)}.${kind}.${given}` : given;
  if (!DOTTED_TYPE.test(name)) {
    throw new UsageError(
      `The ${what} name ${quote(given)} is not valid: use a name of letters, digits and underscores ` +
        `(e.g. Database, placed in your plugin's namespace) or a dotted name (e.g. my_plugin.${kind}.Database).`,
    );
  }
  if (name.startsWith('cloudify.')) {
    throw new UsageError(
      `The ${what} ${quote(name)} is in Cloudify's reserved cloudify. namespace: name it in yours.`,
    );
  }
  return name;
}

/** A dotted type name for --derived-from (plugin.yaml's own check comes with `cloudify-plugin types`). */
export function checkBaseType(given: string): string {
  if (!DOTTED_TYPE.test(given)) {
    throw new UsageError(
      `--derived-from ${quote(given)} is not a type name: use a dotted name, e.g. cloudify.nodes.Root.`,
    );
  }
  return given;
}

/** Refuses a type that plugin.yaml declares already, or that an earlier run recorded. */
export function checkTypeIsNew(
  plugin: PluginFolder,
  file: YamlFile,
  section: 'node_types' | 'relationships',
  recordKey: string,
  name: string,
): void {
  const what = section === 'node_types' ? 'node type' : 'relationship type';
  const declared = keyPosition(file, mapAt(file, [section]), name);
  if (declared !== undefined) {
    throw new UsageError(
      `${PLUGIN_YAML} declares the ${what} ${name} already (${declared}): choose another name.`,
    );
  }
  if (recordedEntries(plugin, recordKey).some((entry) => entry['name'] === name)) {
    throw new UsageError(
      `The ${what} ${name} was added before (recorded in .yo-rc.json): choose another name.`,
    );
  }
}

export interface NodeTypeRequest {
  name: string;
  derivedFrom?: string | undefined;
  /** `name:type[=default]` each. */
  properties: readonly string[];
  required: readonly string[];
}

/** A node template name for the type that the blueprint does not use yet: database, database_2, … */
function freeTemplateName(taken: ReadonlySet<string>, typeName: string): string {
  const base = snakeCase(typeName.split('.').at(-1) ?? 'node') || 'node';
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? base : `${base}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export async function planNodeType(plugin: PluginFolder, request: NodeTypeRequest): Promise<Addition> {
  const name = qualifiedTypeName(plugin, request.name, 'nodes');
  const derivedFrom = checkBaseType(request.derivedFrom ?? DEFAULT_NODE_BASE);
  const properties = parseProperties(request.properties, request.required);
  const before = await readPluginFile(plugin, PLUGIN_YAML);
  if (before === undefined) throw new UsageError(`${PLUGIN_YAML} not found in ${plugin.dir}.`);
  const file = parseYamlFile(PLUGIN_YAML, before);
  checkTypeIsNew(plugin, file, 'node_types', 'nodeTypes', name);

  const definition = {
    derived_from: derivedFrom,
    ...(properties.length > 0
      ? { properties: Object.fromEntries(properties.map((p) => [p.name, propertySchema(p)])) }
      : {}),
  };
  const after = withEntry(file, ['node_types'], name, definition, { blankLineBefore: true });
  const changed = new Map([[PLUGIN_YAML, { before, after }]]);

  const notes: string[] = [];
  const blueprintText = await readPluginFile(plugin, TEST_BLUEPRINT);
  let templateName: string | undefined;
  if (blueprintText === undefined) {
    notes.push(`${TEST_BLUEPRINT} not found: no node template of ${name} was added to a test blueprint.`);
  } else {
    const blueprint = parseYamlFile(TEST_BLUEPRINT, blueprintText);
    const templates = mapAt(blueprint, ['node_templates'])?.items ?? [];
    const taken = new Set(templates.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : [])));
    templateName = freeTemplateName(taken, name);
    const values = properties.flatMap((p) => {
      const example = exampleValue(p);
      return example ? [[p.name, example.value] as const] : [];
    });
    const template = { type: name, ...(values.length > 0 ? { properties: Object.fromEntries(values) } : {}) };
    changed.set(TEST_BLUEPRINT, {
      before: blueprintText,
      after: withEntry(blueprint, ['node_templates'], templateName, template),
    });
  }
  return {
    title: `node type ${name} (derived from ${derivedFrom})`,
    created: new Map(),
    changed,
    record: {
      key: 'nodeTypes',
      entry: {
        name,
        derivedFrom,
        properties: properties.map((p) => p.name),
        ...(templateName ? { nodeTemplate: templateName } : {}),
      },
    },
    notes,
    next:
      `Next: give it operations with \`yo cloudify-plugin:operation <name> --node-type ${name}\` ` +
      `(or \`npx create-cloudify-plugin operation <name> --node-type ${name}\`).`,
  };
}
