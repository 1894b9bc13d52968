// execute_operation (and start / stop, which are execute_operation of one lifecycle operation):
// per selected instance "Starting operation" → the operation → "Finished operation", all in
// parallel, or, with run_by_dependency_order, each instance after its relationship targets
// (stub steps for the others keep indirect orderings). No state changes (Cloudify's workflows.py).
import type { PlanOperation } from '../dsl/plan.js';
import { WorkflowUsageError } from './failures.js';
import { filterInstances, type InstanceFilters } from './filters.js';
import type { Step, TaskGraph } from './graph.js';
import type { RunContext } from './run-context.js';
import { SubgraphBuilder, type Item } from './subgraph.js';

export interface ExecuteOperationOptions extends InstanceFilters {
  /** Full name (`cloudify.interfaces.lifecycle.start`) or a name unique on the node (`start`). */
  operation: string;
  operationKwargs?: Record<string, unknown>;
  /** Let operation_kwargs replace the operation's own inputs of the same name. */
  allowKwargsOverride?: boolean;
  runByDependencyOrder?: boolean;
  /**
   * Dependency order reversed: sources before their targets. Cloudify's `stop` keeps the install
   * direction; we stop dependents first, the order uninstall uses.
   */
  reverseDependencies?: boolean;
}

/** Finds the operation on a node by full name, else by a unique `.<name>` suffix. */
export function resolveOperation(
  operations: Record<string, PlanOperation>,
  name: string,
): { operation?: PlanOperation; ambiguous?: string[] } {
  const exact = operations[name];
  if (exact) return { operation: exact };
  const matches = Object.keys(operations).filter((key) => key.endsWith(`.${name}`));
  if (matches.length === 1) return { operation: operations[matches[0]!]! };
  return matches.length > 1 ? { ambiguous: matches } : {};
}

export function buildExecuteOperationGraph(
  run: RunContext,
  graph: TaskGraph,
  options: ExecuteOperationOptions,
): void {
  const b = new SubgraphBuilder(run, graph);
  const selected = filterInstances(run, options);
  const kwargs = options.operationKwargs ?? {};
  const problems: string[] = [];
  const items = new Map<string, Item[]>();
  let declaredSomewhere = false;
  const describe = Object.keys(kwargs).length > 0 ? ` (Operation parameters: ${JSON.stringify(kwargs)})` : '';

  for (const id of selected) {
    const node = run.nodeOf(id);
    const { operation, ambiguous } = resolveOperation(node.operations, options.operation);
    if (ambiguous) {
      problems.push(`node '${node.name}': '${options.operation}' is ambiguous (${ambiguous.join(', ')})`);
      continue;
    }
    if (!operation) continue;
    declaredSomewhere = true;
    const duplicates = Object.keys(kwargs).filter((key) => key in operation.inputs);
    if (duplicates.length > 0 && !options.allowKwargsOverride) {
      problems.push(
        `node '${node.name}': operation_kwargs ${duplicates.join(', ')} would replace inputs of ` +
          `${operation.name}; pass allow_kwargs_override=true to allow it`,
      );
      continue;
    }
    const unit = b.operation(id, operation.name, { extraInputs: kwargs });
    if (!unit) continue; // declared as a NOP: nothing to run
    items.set(id, [
      [b.event(id, `Starting operation ${operation.name}${describe}`)],
      [unit],
      [b.event(id, `Finished operation ${operation.name}`)],
    ]);
  }
  if (!declaredSomewhere && problems.length === 0 && selected.length > 0) {
    const nodes = [...new Set(selected.map((id) => run.instance(id).nodeName))].join(', ');
    problems.push(`operation '${options.operation}' is not declared on any selected node (${nodes})`);
  }
  if (problems.length > 0) throw new WorkflowUsageError(problems.join('\n'));

  const steps = new Map<string, { first: Step; last: Step }>();
  for (const [id, instanceItems] of items) steps.set(id, b.materialize(id, instanceItems, 'no-op'));
  if (!options.runByDependencyOrder) return;
  for (const instance of run.instances) {
    if (!steps.has(instance.id)) steps.set(instance.id, b.materialize(instance.id, [], 'not selected'));
  }
  for (const instance of run.instances) {
    for (const rel of instance.relationships) {
      const source = steps.get(instance.id)!;
      const target = steps.get(rel.targetId);
      if (!target) continue;
      if (options.reverseDependencies) graph.addDependency(target.first, source.last);
      else graph.addDependency(source.first, target.last);
    }
  }
}
