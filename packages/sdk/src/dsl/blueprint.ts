// loadBlueprint: YAML (with positions) -> imports -> sections -> types -> plugins, workflows,
// inputs -> node templates -> outputs and capabilities, each step checking what it can and going
// on after an error, so one run reports every problem it can find.
import { resolve } from 'node:path';
import { ErrorCode, sortDslErrors, type DslError } from './errors.js';
import { checkFunctions, type FunctionCheckContext } from './function-checks.js';
import { containsFunction } from './function-names.js';
import { collectDocuments, type ImportOptions } from './imports.js';
import { parseNodeTemplates, type BlueprintNode } from './node-templates.js';
import { ParseContext, type Where } from './parse-context.js';
import type { DslVersion, PlanPlugin, PlanWorkflow } from './plan.js';
import { parsePlugins, parseWorkflows } from './plugins-workflows.js';
import {
  checkSchemaDeclarations,
  parsePropertyDefinition,
  type DataTypeLookup,
  type SchemaMap,
} from './schema.js';
import { mergeSections, type Entry } from './sections.js';
import { createTypeRegistries } from './types.js';

/** An output or capability: its value may hold functions. */
export interface BlueprintValue {
  description?: string;
  value: unknown;
  where: Where;
}

/** A loaded, valid blueprint: what createPlan turns into a deployment plan for given inputs. */
export interface Blueprint {
  /** Absolute path of the main file. */
  file: string;
  dir: string;
  dslVersion: DslVersion;
  description?: string;
  inputs: SchemaMap;
  nodes: BlueprintNode[];
  outputs: Map<string, BlueprintValue>;
  capabilities: Map<string, BlueprintValue>;
  workflows: Record<string, PlanWorkflow>;
  plugins: Record<string, PlanPlugin>;
  dataTypes: DataTypeLookup;
  /** Every file read, main first. */
  files: string[];
}

export interface LoadOptions extends ImportOptions {
  /** false turns DSL-version feature checks (error 102) off, like Cloudify's validate_version. */
  validateVersion?: boolean;
}

export interface LoadResult {
  /** Undefined when there are errors. */
  blueprint?: Blueprint;
  errors: DslError[];
}

export async function loadBlueprint(path: string, options: LoadOptions = {}): Promise<LoadResult> {
  const ctx = new ParseContext(resolve(path), options.validateVersion ?? true);
  const documents = await collectDocuments(ctx, options);
  const files = documents.map((d) => d.file);
  if (documents.length === 0) return { errors: sortDslErrors(ctx.errors.list, [ctx.blueprintFile]) };
  const sections = mergeSections(documents, ctx);
  const types = createTypeRegistries(sections, ctx);
  types.dataTypes.checkAll(types.dataTypes);
  types.nodeTypes.checkAll(types.dataTypes);
  types.relationshipTypes.checkAll(types.dataTypes);
  const plugins = parsePlugins(sections.plugins, ctx);
  const workflows = parseWorkflows(sections.workflows, plugins, ctx);
  const inputs = parseInputs(sections.inputs, types.dataTypes, ctx);
  const fc: FunctionCheckContext = {
    ctx,
    inputs: new Set(inputs.keys()),
    nodes: new Set(sections.node_templates.keys()),
  };
  const nodes = parseNodeTemplates(sections.node_templates, types, plugins, fc);
  const outputs = parseValues(sections.outputs, fc);
  const capabilities = parseValues(sections.capabilities, fc);
  const main = documents[0]!.data;
  const errors = sortDslErrors(ctx.errors.list, files);
  if (errors.length > 0) return { errors };
  const blueprint: Blueprint = {
    file: ctx.blueprintFile,
    dir: ctx.blueprintDir,
    dslVersion: ctx.version,
    inputs,
    nodes,
    outputs,
    capabilities,
    workflows,
    plugins,
    dataTypes: types.dataTypes,
    files,
  };
  if (typeof main.description === 'string') blueprint.description = main.description;
  return { blueprint, errors };
}

function parseInputs(entries: Map<string, Entry>, dataTypes: DataTypeLookup, ctx: ParseContext): SchemaMap {
  const inputs: SchemaMap = new Map();
  for (const entry of entries.values()) {
    const input = parsePropertyDefinition(entry.name, entry.value, entry.section, entry.path, ctx, 'input');
    if (!input) continue;
    inputs.set(entry.name, input);
    if (input.hasDefault && input.constraints.length > 0 && containsFunction(input.default)) {
      ctx.error(
        ErrorCode.inputWithFunctionsAndConstraints,
        `Input '${entry.name}' cannot contain an intrinsic function and also have constraints`,
        input.where,
      );
    }
  }
  checkSchemaDeclarations(inputs, dataTypes, ctx);
  return inputs;
}

function parseValues(entries: Map<string, Entry>, fc: FunctionCheckContext): Map<string, BlueprintValue> {
  const { ctx } = fc;
  const values = new Map<string, BlueprintValue>();
  for (const entry of entries.values()) {
    const map = ctx.map(entry.value, entry.section, entry.name, entry.path);
    if (!map) continue;
    ctx.checkKeys(map, ['description', 'value'], entry.path);
    if (!Object.hasOwn(map, 'value')) {
      ctx.error(ErrorCode.format, `'value' key is required but it is currently missing`, {
        container: entry.section,
        key: entry.name,
        path: entry.path,
        which: 'key',
      });
      continue;
    }
    const where: Where = { container: map, key: 'value', path: `${entry.path}.value` };
    checkFunctions(map.value, 'outputs', where, fc);
    const value: BlueprintValue = { value: map.value, where };
    if (typeof map.description === 'string') value.description = map.description;
    values.set(entry.name, value);
  }
  return values;
}
