// The node_ids / node_instance_ids / type_names filters of the built-in workflows (Cloudify's
// `_filter_node_instances`): empty filters select everything. Unknown names are refused, so a
// typo does not silently select nothing.
import { WorkflowUsageError } from './failures.js';
import type { RunContext } from './run-context.js';

export interface InstanceFilters {
  nodeIds?: readonly string[];
  nodeInstanceIds?: readonly string[];
  typeNames?: readonly string[];
}

/** Instance ids in plan order (nodes in blueprint order, then instance order). */
export function filterInstances(run: RunContext, filters: InstanceFilters): string[] {
  const nodeIds = filters.nodeIds ?? [];
  const instanceIds = filters.nodeInstanceIds ?? [];
  const typeNames = filters.typeNames ?? [];
  const problems: string[] = [];
  const nodes = run.plan.nodes.map((n) => n.name);
  const unknownNodes = nodeIds.filter((id) => !nodes.includes(id));
  if (unknownNodes.length > 0) {
    problems.push(`node_ids: no node named ${unknownNodes.join(', ')} (nodes: ${nodes.join(', ')})`);
  }
  const instances = new Set(run.instances.map((i) => i.id));
  const unknownInstances = instanceIds.filter((id) => !instances.has(id));
  if (unknownInstances.length > 0) {
    problems.push(
      `node_instance_ids: no node instance ${unknownInstances.join(', ')} (run 'cloudify-local instances' to list them)`,
    );
  }
  if (problems.length > 0) throw new WorkflowUsageError(problems.join('\n'));

  const selectedNodes = new Set(
    run.plan.nodes
      .filter((n) => nodeIds.length === 0 || nodeIds.includes(n.name))
      .filter((n) => typeNames.length === 0 || typeNames.some((t) => n.typeHierarchy.includes(t)))
      .map((n) => n.name),
  );
  const order = new Map(run.plan.nodes.map((n, i) => [n.name, i]));
  return run.instances
    .filter((i) => selectedNodes.has(i.nodeName))
    .filter((i) => instanceIds.length === 0 || instanceIds.includes(i.id))
    .sort((a, b) => order.get(a.nodeName)! - order.get(b.nodeName)! || a.index - b.index)
    .map((i) => i.id);
}
