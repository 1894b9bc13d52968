// `yo cloudify-plugin:operation <name>`: a new operation of a node type: its code, its mapping in
// plugin.yaml and its unit test.
import { isMap, isScalar } from 'yaml';
import { UsageError } from '../errors.js';
import { commandsFor } from '../package-manager.js';
import { pluginTypeName, snakeCase } from '../names.js';
import { quote } from '../validation.js';
import { PLUGIN_YAML, type Addition } from './apply-addition.js';
import { LIFECYCLE_INTERFACE, LIFECYCLE_OPERATIONS } from './cloudify-types.js';
import {
  checkExportName,
  checkIdentifier,
  mappingForm,
  OPERATIONS_INDEX,
  operationFile,
  operationMapping,
  operationTestFile,
  nameValues,
  renderOperationFile,
  renderSnippet,
  withExports,
} from './operation-code.js';
import { readPluginFile, type PluginFolder } from './plugin-folder.js';
import { keyPosition, mapAt, parseYamlFile, withEntry, type YamlFile } from './yaml-edit.js';

const DOTTED_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface OperationRequest {
  /** The exported function, also the process argument in plugin.yaml. */
  name: string;
  /** Default: the plugin's node type. */
  nodeType?: string | undefined;
  /** Default: cloudify.interfaces.lifecycle. */
  interfaceName?: string | undefined;
  /** The operation's name in the interface; default: the name in snake_case. */
  step?: string | undefined;
}

/** The node type as declared in plugin.yaml: its full name, or its last segment when that is unique. */
function resolveNodeType(file: YamlFile, wanted: string): string {
  const declared = (mapAt(file, ['node_types'])?.items ?? []).flatMap((pair) =>
    isScalar(pair.key) ? [String(pair.key.value)] : [],
  );
  if (declared.includes(wanted)) return wanted;
  const bySegment = declared.filter((name) => name.split('.').at(-1) === wanted);
  if (bySegment.length === 1 && bySegment[0] !== undefined) return bySegment[0];
  const known = declared.length > 0 ? declared.join(', ') : 'none';
  throw new UsageError(
    `--node-type ${quote(wanted)} is not a node type declared in ${PLUGIN_YAML} (declared: ${known}). ` +
      'Pass one of those, or add the type first with `yo cloudify-plugin:node-type <Name>`.',
  );
}

function checkStep(interfaceName: string, step: string): void {
  if (!DOTTED_NAME.test(interfaceName)) {
    throw new UsageError(
      `--interface ${quote(interfaceName)} is not valid: use a dotted name of letters, digits and ` +
        'underscores, e.g. cloudify.interfaces.lifecycle or my_plugin.interfaces.maintenance.',
    );
  }
  if (!OPERATION_NAME.test(step)) {
    throw new UsageError(
      `--lifecycle-step ${quote(step)} is not valid: use letters, digits and underscores, e.g. configure.`,
    );
  }
  if (interfaceName === LIFECYCLE_INTERFACE && !(LIFECYCLE_OPERATIONS as readonly string[]).includes(step)) {
    throw new UsageError(
      `${LIFECYCLE_INTERFACE} has no operation ${quote(step)}, so no workflow would run it. Pass ` +
        `--lifecycle-step with one of ${LIFECYCLE_OPERATIONS.join(', ')}; or --interface with an ` +
        'interface of your own (e.g. my_plugin.interfaces.maintenance) for an operation you run with ' +
        'execute_operation.',
    );
  }
}

/**
 * The key of the operation's inputs in NodeTypes[type]['inputs']: its name, or its full name when
 * another interface of the type maps an operation of the same name (as `cloudify-plugin types` keys it).
 */
function inputsKey(file: YamlFile, nodeType: string, interfaceName: string, step: string): string {
  const interfaces = mapAt(file, ['node_types', nodeType, 'interfaces']);
  const shared = (interfaces?.items ?? []).some(
    (pair) =>
      isScalar(pair.key) && pair.key.value !== interfaceName && isMap(pair.value) && pair.value.has(step),
  );
  return shared ? `${interfaceName}.${step}` : step;
}

export async function planOperation(
  plugin: PluginFolder,
  request: OperationRequest,
  templatesRoot: string,
): Promise<Addition> {
  const { name } = request;
  checkIdentifier(name, 'operation name');
  const before = await readPluginFile(plugin, PLUGIN_YAML);
  if (before === undefined) throw new UsageError(`${PLUGIN_YAML} not found in ${plugin.dir}.`);
  const file = parseYamlFile(PLUGIN_YAML, before);
  await checkExportName(plugin, file, name, 'operation name');
  const interfaceName = request.interfaceName ?? LIFECYCLE_INTERFACE;
  const step = request.step ?? snakeCase(name);
  checkStep(interfaceName, step);
  const nodeType = resolveNodeType(file, request.nodeType ?? plugin.answers.nodeType);
  const operationName = `${interfaceName}.${step}`;
  const interfacePath = ['node_types', nodeType, 'interfaces', interfaceName];
  const mapped = keyPosition(file, mapAt(file, interfacePath), step);
  if (mapped !== undefined) {
    throw new UsageError(
      `${nodeType} maps ${operationName} already (${mapped}): pass another --lifecycle-step or --node-type.`,
    );
  }

  const key = inputsKey(file, nodeType, interfaceName, step);
  const after = withEntry(file, interfacePath, step, operationMapping(file, mappingForm(plugin, file), name));
  const values = {
    ...nameValues(name),
    nodeType,
    nodeTypeName: pluginTypeName(nodeType),
    nodeName: snakeCase(nodeType.split('.').at(-1) ?? 'node'),
    runtimeType: `${name.charAt(0).toUpperCase()}${name.slice(1)}Runtime`,
    operation: operationName,
    inputsKey: key,
  };
  const exports = await withExports(plugin, [name]);
  const index = (await readPluginFile(plugin, OPERATIONS_INDEX)) ?? '';
  return {
    title: `operation ${name} (${operationName} of ${nodeType})`,
    created: new Map([
      [operationFile(name), await renderOperationFile(templatesRoot, 'operation/operation.ts', values)],
      [operationTestFile(name), await renderSnippet(templatesRoot, 'operation/operation.test.ts', values)],
    ]),
    changed: new Map([
      [PLUGIN_YAML, { before, after }],
      [OPERATIONS_INDEX, { before: index, after: exports }],
    ]),
    record: { key: 'operations', entry: { name, nodeType, operation: operationName } },
    notes: [],
    next:
      `Next: write the operation in ${operationFile(name)}, adapt its test ${operationTestFile(name)}, ` +
      `then run \`${commandsFor(plugin.answers.packageManager).run} test\`.`,
  };
}
