// createPlan: a loaded blueprint + inputs -> the deployment plan the local workflows run
// (inputs checked, plan-time functions evaluated, node instances created). validateBlueprint is
// load + plan in one call, reporting every error of both.
import { loadBlueprint, type Blueprint, type BlueprintValue, type LoadOptions } from './blueprint.js';
import { ErrorCode, sortDslErrors, type DslError } from './errors.js';
import type { Scope } from './evaluate.js';
import { UNKNOWN_VALUE, containsFunction } from './function-names.js';
import { resolveInputs } from './inputs.js';
import { createInstances } from './instances.js';
import type { BlueprintNode } from './node-templates.js';
import { ErrorCollector } from './parse-context.js';
import type { DeploymentPlan, PlanNode, PlanOperation, PlanValue } from './plan.js';
import { PlanFunctions } from './plan-functions.js';
import { checkValue, type ValueContext } from './schema.js';

export interface PlanOptions {
  /** The 6 characters after `<node>_` in instance ids; default random from [a-z0-9]. Repeats are retried. */
  idGenerator?: () => string;
  /**
   * Declared inputs that are not given become unknown instead of missing (checks that need them are
   * skipped), and no plan is returned: for validating a blueprint without its inputs.
   */
  allowMissingInputs?: boolean;
}

export interface PlanResult {
  /** Undefined when there are errors (or with `allowMissingInputs`). */
  plan?: DeploymentPlan;
  errors: DslError[];
}

export function createPlan(
  blueprint: Blueprint,
  inputs: Record<string, unknown>,
  options: PlanOptions = {},
): PlanResult {
  const collector = new ErrorCollector(blueprint.file);
  const allowMissing = options.allowMissingInputs === true;
  const resolved = resolveInputs(blueprint.inputs, inputs, blueprint.dataTypes, collector, allowMissing);
  const functions = new PlanFunctions(resolved.values, blueprint.nodes, collector, resolved.unknown);
  const vc: ValueContext = { reporter: collector, dataTypes: blueprint.dataTypes };
  const nodes = blueprint.nodes.map((node) => planNode(node, functions, vc, collector));
  const outputs = planValues(blueprint.outputs, functions);
  const capabilities = planValues(blueprint.capabilities, functions);
  const errors = sortDslErrors(collector.errors.list, blueprint.files);
  if (errors.length > 0 || allowMissing) return { errors };
  const plan: DeploymentPlan = {
    dslVersion: blueprint.dslVersion,
    blueprintFile: blueprint.file,
    blueprintDir: blueprint.dir,
    inputs: resolved.values,
    nodes,
    nodeInstances: createInstances(nodes, options.idGenerator),
    outputs,
    capabilities,
    workflows: blueprint.workflows,
    plugins: blueprint.plugins,
  };
  if (blueprint.description !== undefined) plan.description = blueprint.description;
  return { plan, errors };
}

function planNode(
  node: BlueprintNode,
  functions: PlanFunctions,
  vc: ValueContext,
  collector: ErrorCollector,
): PlanNode {
  const name = node.plan.name;
  const path = `node_templates.${name}`;
  const properties = functions.nodeProperties(name);
  for (const [key, raw] of Object.entries(node.plan.properties)) {
    const schema = node.schema.get(key);
    if (!schema || !containsFunction(raw)) continue;
    checkValue(
      properties[key],
      schema,
      { container: node.propertyValues, key, path: `${path}.properties.${key}` },
      vc,
    );
  }
  const self: Scope = { self: name };
  const result: PlanNode = {
    ...node.plan,
    properties,
    operations: planOperations(node.plan.operations, self, `${path}.interfaces`, functions),
    relationships: node.plan.relationships.map((rel, index) => {
      const scope: Scope = { source: name, target: rel.target };
      const relPath = `${path}.relationships[${index}]`;
      return {
        ...rel,
        properties: functions.evaluate(rel.properties, scope, `${relPath}.properties`) as Record<
          string,
          unknown
        >,
        sourceOperations: planOperations(
          rel.sourceOperations,
          scope,
          `${relPath}.source_interfaces`,
          functions,
        ),
        targetOperations: planOperations(
          rel.targetOperations,
          scope,
          `${relPath}.target_interfaces`,
          functions,
        ),
      };
    }),
    deployInstances: deployCount(node, functions, collector),
  };
  return result;
}

const withoutFunctions = new WeakSet<Record<string, PlanOperation>>();

/**
 * Operations with plan-time functions evaluated. A type's operations shared (frozen) by all its
 * templates stay shared when they hold no function.
 */
function planOperations(
  operations: Record<string, PlanOperation>,
  scope: Scope,
  path: string,
  functions: PlanFunctions,
): Record<string, PlanOperation> {
  if (withoutFunctions.has(operations)) return operations;
  let changed = false;
  const result: Record<string, PlanOperation> = {};
  for (const [name, op] of Object.entries(operations)) {
    if (containsFunction(op.inputs)) {
      changed = true;
      result[name] = {
        ...op,
        inputs: functions.evaluate(op.inputs, scope, `${path}.${name}.inputs`) as Record<string, unknown>,
      };
    } else {
      result[name] = op;
    }
  }
  if (changed) return result;
  if (Object.isFrozen(operations)) withoutFunctions.add(operations);
  return operations;
}

function deployCount(node: BlueprintNode, functions: PlanFunctions, collector: ErrorCollector): number {
  const value = functions.evaluate(node.deploy, { self: node.plan.name }, node.deployWhere.path);
  if (value === UNKNOWN_VALUE) return 1;
  if (Number.isInteger(value) && (value as number) >= 0) return value as number;
  collector.error(
    ErrorCode.invalidLiteralInstances,
    `The number of instances of '${node.plan.name}' must be a non-negative integer, got ${String(value)}`,
    node.deployWhere,
  );
  return 1;
}

function planValues(
  values: Map<string, BlueprintValue>,
  functions: PlanFunctions,
): Record<string, PlanValue> {
  const result: Record<string, PlanValue> = {};
  for (const [name, entry] of values) {
    const planned: PlanValue = { value: functions.evaluate(entry.value, {}, entry.where.path) };
    if (entry.description !== undefined) planned.description = entry.description;
    const location = functions.locationOf(entry.where);
    if (location) planned.location = location;
    result[name] = planned;
  }
  return result;
}

/**
 * Loads and plans a blueprint and returns every error of both (empty when valid). Without
 * `inputs`, required inputs are not asked for: only the blueprint itself is checked.
 */
export async function validateBlueprint(
  path: string,
  inputs?: Record<string, unknown>,
  options: LoadOptions = {},
): Promise<DslError[]> {
  const loaded = await loadBlueprint(path, options);
  if (!loaded.blueprint) return loaded.errors;
  return createPlan(loaded.blueprint, inputs ?? {}, { allowMissingInputs: inputs === undefined }).errors;
}
