// `yo cloudify-plugin:relationship <Name>`: a new relationship type in plugin.yaml, with operations
// on its source and target ends (each one a relationshipOperation of its own, with a unit test).
import { UsageError } from '../errors.js';
import { commandsFor } from '../package-manager.js';
import { camelCaseName, pascalCase } from '../names.js';
import { quote } from '../validation.js';
import { checkBaseType, checkTypeIsNew, qualifiedTypeName, TEST_BLUEPRINT } from './add-node-type.js';
import { PLUGIN_YAML, type Addition } from './apply-addition.js';
import {
  DEFAULT_RELATIONSHIP_BASE,
  RELATIONSHIP_INTERFACE,
  RELATIONSHIP_OPERATIONS,
} from './cloudify-types.js';
import {
  checkExportName,
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
import { parseYamlFile, withEntry } from './yaml-edit.js';

export type Side = 'source' | 'target';

export interface RelationshipRequest {
  name: string;
  derivedFrom?: string | undefined;
  sourceOperations: readonly string[];
  targetOperations: readonly string[];
}

interface SideOperation {
  side: Side;
  step: string;
  /** The exported function: `<relationship><Side><Operation>`, e.g. connectedToSourceEstablish. */
  exportName: string;
}

function sideOperations(typeName: string, side: Side, steps: readonly string[]): SideOperation[] {
  const flag = `--${side}-operation`;
  const seen = new Set<string>();
  return steps.map((step) => {
    if (!(RELATIONSHIP_OPERATIONS as readonly string[]).includes(step)) {
      throw new UsageError(
        `${flag} ${quote(step)}: ${RELATIONSHIP_INTERFACE} has no such operation; use one of ` +
          `${RELATIONSHIP_OPERATIONS.join(', ')}.`,
      );
    }
    if (seen.has(step)) throw new UsageError(`${flag} ${step} is given twice: give it once.`);
    seen.add(step);
    const relationship = camelCaseName(typeName.split('.').at(-1) ?? typeName);
    return { side, step, exportName: `${relationship}${pascalCase(side)}${pascalCase(step)}` };
  });
}

export async function planRelationship(
  plugin: PluginFolder,
  request: RelationshipRequest,
  templatesRoot: string,
): Promise<Addition> {
  const name = qualifiedTypeName(plugin, request.name, 'relationships');
  const derivedFrom = checkBaseType(request.derivedFrom ?? DEFAULT_RELATIONSHIP_BASE);
  const operations = [
    ...sideOperations(name, 'source', request.sourceOperations),
    ...sideOperations(name, 'target', request.targetOperations),
  ];
  const before = await readPluginFile(plugin, PLUGIN_YAML);
  if (before === undefined) throw new UsageError(`${PLUGIN_YAML} not found in ${plugin.dir}.`);
  const file = parseYamlFile(PLUGIN_YAML, before);
  checkTypeIsNew(plugin, file, 'relationships', 'relationships', name);
  for (const { exportName } of operations) await checkExportName(plugin, file, exportName, 'operation name');

  const form = mappingForm(plugin, file);
  const interfacesOf = (side: Side) => {
    const mapped = operations.filter((op) => op.side === side);
    if (mapped.length === 0) return {};
    const mappings = Object.fromEntries(
      mapped.map((op) => [op.step, operationMapping(file, form, op.exportName)]),
    );
    return { [`${side}_interfaces`]: { [RELATIONSHIP_INTERFACE]: mappings } };
  };
  const definition = { derived_from: derivedFrom, ...interfacesOf('source'), ...interfacesOf('target') };
  const after = withEntry(file, ['relationships'], name, definition, { blankLineBefore: true });

  const created = new Map<string, string>();
  for (const { side, step, exportName } of operations) {
    const values = {
      ...nameValues(exportName),
      relationship: name,
      side,
      operation: `${RELATIONSHIP_INTERFACE}.${step}`,
    };
    created.set(
      operationFile(exportName),
      await renderOperationFile(templatesRoot, 'relationship/operation.ts', values),
    );
    created.set(
      operationTestFile(exportName),
      await renderSnippet(templatesRoot, 'relationship/operation.test.ts', values),
    );
  }
  const changed = new Map([[PLUGIN_YAML, { before, after }]]);
  if (operations.length > 0) {
    const exports = await withExports(
      plugin,
      operations.map((op) => op.exportName),
    );
    changed.set(OPERATIONS_INDEX, {
      before: (await readPluginFile(plugin, OPERATIONS_INDEX)) ?? '',
      after: exports,
    });
  }
  const listed = operations.map((op) => `${op.side} ${op.step}`).join(', ');
  return {
    title: `relationship type ${name} (derived from ${derivedFrom}${listed ? `; ${listed}` : ''})`,
    created,
    changed,
    record: {
      key: 'relationships',
      entry: {
        name,
        derivedFrom,
        operations: operations.map((op) => ({
          name: op.exportName,
          side: op.side,
          operation: `${RELATIONSHIP_INTERFACE}.${op.step}`,
        })),
      },
    },
    notes: [],
    next:
      operations.length > 0
        ? `Next: write the operations in ${operations.map((op) => operationFile(op.exportName)).join(', ')}, ` +
          `use the relationship in ${TEST_BLUEPRINT}, then run \`${commandsFor(plugin.answers.packageManager).run} test\`.`
        : `Next: use the relationship in ${TEST_BLUEPRINT}.`,
  };
}
