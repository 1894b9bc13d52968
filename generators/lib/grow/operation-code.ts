// What every new operation brings, a node's or a relationship's: its file under src/operations/,
// its export line at the end of src/tasks.ts (the module src/main.ts hands to runPlugin), its unit
// test under test/, and its mapping in plugin.yaml in the form the plugin's operations use.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, YAMLSeq, type YAMLMap } from 'yaml';
import { UsageError } from '../errors.js';
import { bindingName, exportNameProblem, kebabCase } from '../names.js';
import { fileKind, fillPlaceholders, verbatim } from '../placeholders.js';
import { quote } from '../validation.js';
import { recordedEntries, readPluginFile, type PluginFolder } from './plugin-folder.js';
import { child, mapAt, positionOf, type YamlFile } from './yaml-edit.js';

export const OPERATIONS_INDEX = 'src/tasks.ts';
/** The sections of plugin.yaml whose types map operations, and where their interfaces are. */
const INTERFACE_SECTIONS = [
  ['node_types', 'interfaces'],
  ['relationships', 'source_interfaces'],
  ['relationships', 'target_interfaces'],
] as const;

export function operationFile(exportName: string): string {
  return `src/operations/${kebabCase(exportName)}.ts`;
}

export function operationTestFile(exportName: string): string {
  return `test/${kebabCase(exportName)}.test.ts`;
}

function mapsOf(map: YAMLMap | undefined): [string, YAMLMap][] {
  if (!map) return [];
  return map.items.flatMap((pair) =>
    isScalar(pair.key) && isMap(pair.value)
      ? [[String(pair.key.value), pair.value] as [string, YAMLMap]]
      : [],
  );
}

/** Every operation mapping of every type in plugin.yaml. */
function operationMappings(file: YamlFile): YAMLMap[] {
  return INTERFACE_SECTIONS.flatMap(([section, interfacesKey]) =>
    mapsOf(mapAt(file, [section])).flatMap(([, type]) => {
      const interfaces = child(type, interfacesKey);
      return mapsOf(isMap(interfaces) ? interfaces : undefined).flatMap(([, operations]) =>
        mapsOf(operations).map(([, mapping]) => mapping),
      );
    }),
  );
}

/** The process argument of a script-runner mapping: the name the bundle runs (`args: [<name>]`). */
function processArgument(mapping: YAMLMap): unknown {
  const args = mapping.getIn(['inputs', 'process', 'default', 'args'], true);
  return isSeq(args) ? args.items[0] : undefined;
}

/** Refuses a name that cannot be an exported function; `what` names it in the message. */
export function checkIdentifier(name: string, what: string): void {
  const problem = exportNameProblem(name);
  if (problem) throw new UsageError(`The ${what} ${quote(name)} is not valid: ${problem}.`);
}

/** Refuses an export name that is invalid or taken: in plugin.yaml, in the source, or recorded. */
export async function checkExportName(
  plugin: PluginFolder,
  file: YamlFile,
  exportName: string,
  what: string,
): Promise<void> {
  checkIdentifier(exportName, what);
  const taken = (where: string) =>
    new UsageError(
      `There is an operation named ${quote(exportName)} already (${where}): choose another name.`,
    );
  const recorded = recordedEntries(plugin, 'operations').some((entry) => entry['name'] === exportName);
  const recordedInRelationship = recordedEntries(plugin, 'relationships').some(
    (entry) =>
      Array.isArray(entry['operations']) &&
      entry['operations'].some((op) => (op as Record<string, unknown>)['name'] === exportName),
  );
  if (recorded || recordedInRelationship) throw taken('recorded in .yo-rc.json');
  for (const mapping of operationMappings(file)) {
    const argument = processArgument(mapping);
    if (isScalar(argument) && argument.value === exportName) {
      throw taken(`${positionOf(file, argument)} runs it`);
    }
  }
  for (const path of [operationFile(exportName), operationTestFile(exportName)]) {
    if (existsSync(join(plugin.dir, path))) throw taken(`${path} exists`);
  }
  const index = await readPluginFile(plugin, OPERATIONS_INDEX);
  // The name is an identifier (checked above), so it goes into the pattern as it is.
  const exported = new RegExp(
    `export\\s+(?:\\{[^}]*\\b${exportName}\\b[^}]*\\}|(?:async\\s+)?(?:const|let|var|function\\*?|class)\\s+${exportName}\\b)`,
  );
  if (index !== undefined && exported.test(index)) throw taken(`${OPERATIONS_INDEX} exports it`);
}

/** src/tasks.ts with one more export line at its end. */
export async function withExports(plugin: PluginFolder, exportNames: readonly string[]): Promise<string> {
  const index = await readPluginFile(plugin, OPERATIONS_INDEX);
  if (index === undefined) {
    throw new UsageError(
      `${OPERATIONS_INDEX} not found: new operations are exported from it (src/main.ts hands it to ` +
        'runPlugin). Update the plugin to the current template first (`npm init cloudify-plugin` in its ' +
        'folder), or create that file exporting your operations. Nothing was changed.',
    );
  }
  const lines = exportNames.map((name) => `export { ${name} } from './operations/${kebabCase(name)}.js';\n`);
  return `${index}${index === '' || index.endsWith('\n') ? '' : '\n'}${lines.join('')}`;
}

/** How the plugin maps its operations (the first script-runner mapping shows it), with our defaults. */
export interface MappingForm {
  implementation: string;
  executor?: string;
  scriptPath: string;
  commandPrefix: string;
}

function text(mapping: YAMLMap | undefined, path: readonly string[]): string | undefined {
  const value: unknown = mapping?.getIn(path);
  return typeof value === 'string' ? value : undefined;
}

export function mappingForm(plugin: PluginFolder, file: YamlFile): MappingForm {
  const sample = operationMappings(file).find((mapping) => processArgument(mapping) !== undefined);
  const executor = sample ? text(sample, ['executor']) : 'central_deployment_agent';
  return {
    implementation: text(sample, ['implementation']) ?? 'script.script_runner.tasks.run',
    ...(executor === undefined ? {} : { executor }),
    scriptPath:
      text(sample, ['inputs', 'script_path', 'default']) ?? `plugins/${plugin.answers.name}/plugin.mjs`,
    commandPrefix: text(sample, ['inputs', 'process', 'default', 'command_prefix']) ?? 'node',
  };
}

/** The mapping of one operation: Cloudify's script runner starts `<prefix> <bundle> <exportName>`. */
export function operationMapping(file: YamlFile, form: MappingForm, exportName: string): unknown {
  const args = new YAMLSeq();
  args.flow = true;
  args.add(exportName);
  return file.doc.createNode({
    implementation: form.implementation,
    ...(form.executor === undefined ? {} : { executor: form.executor }),
    inputs: {
      script_path: { default: form.scriptPath },
      process: { default: { command_prefix: form.commandPrefix, args } },
    },
  });
}

/**
 * The placeholders of an operation's templates that depend on its name: the export name, the local
 * name it is bound to, the import of it in its test, and its file.
 */
export function nameValues(exportName: string): Record<string, string> {
  const binding = bindingName(exportName);
  return {
    exportName,
    binding,
    importSpec: binding === exportName ? exportName : `${exportName} as ${binding}`,
    file: kebabCase(exportName),
  };
}

/** An operation's source file: its template, and the export under a reserved name where needed. */
export async function renderOperationFile(
  templatesRoot: string,
  template: string,
  values: Readonly<Record<string, string>>,
): Promise<string> {
  const content = await renderSnippet(templatesRoot, template, values);
  const { binding, exportName } = values;
  return binding === exportName ? content : `${content}\nexport { ${binding} as ${exportName} };\n`;
}

/** A file of templates/<subgenerator>/ with its placeholders filled. */
export async function renderSnippet(
  templatesRoot: string,
  path: string,
  values: Readonly<Record<string, string>>,
): Promise<string> {
  const content = await readFile(join(templatesRoot, path), 'utf8');
  const kind = fileKind(path);
  if (!kind) return content;
  return fillPlaceholders(
    content,
    kind,
    Object.fromEntries(Object.entries(values).map(([key, value]) => [key, verbatim(value)])),
  );
}
