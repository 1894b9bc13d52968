// Checks and facts that need every node template: the host of each node (PlanNode.host), host_agent
// operations without a host (error 24) and relationship loops (error 100).
import { COMPUTE } from './builtin-types.js';
import { ErrorCode } from './errors.js';
import type { BlueprintNode } from './node-templates.js';
import type { ParseContext } from './parse-context.js';
import type { PlanNode, PlanOperation } from './plan.js';

/** PlanNode.host: the Compute node a node is (transitively) contained in, or itself when it is one. */
export function assignHosts(nodes: BlueprintNode[]): void {
  const byName = new Map(nodes.map((n) => [n.plan.name, n.plan]));
  const hostOf = new Map<string, string | null>();
  for (const start of nodes) {
    const chain: PlanNode[] = [];
    let current: PlanNode | undefined = start.plan;
    let host: string | null = null;
    const visited = new Set<string>();
    while (current && !visited.has(current.name)) {
      const known = hostOf.get(current.name);
      if (known !== undefined) {
        host = known;
        break;
      }
      visited.add(current.name);
      chain.push(current);
      if (current.typeHierarchy.includes(COMPUTE)) {
        host = current.name;
        break;
      }
      current = current.containedIn === undefined ? undefined : byName.get(current.containedIn);
    }
    for (const node of chain) {
      // A Compute is its own host; the nodes inside it share it.
      const own = node.typeHierarchy.includes(COMPUTE) ? node.name : host;
      hostOf.set(node.name, own);
      if (own !== null) node.host = own;
    }
  }
}

const hostAgentCache = new WeakMap<Record<string, PlanOperation>, PlanOperation[]>();

/** The host_agent plugin operations of a set of operations (cached for the shared, frozen ones). */
function hostAgentOperations(operations: Record<string, PlanOperation>): PlanOperation[] {
  let found = hostAgentCache.get(operations);
  if (!found) {
    found = Object.values(operations).filter((op) => op.plugin && op.executor === 'host_agent');
    if (Object.isFrozen(operations)) hostAgentCache.set(operations, found);
  }
  return found;
}

/** Error 24: a host_agent plugin operation on a node that no Compute contains. */
export function checkHostAgentOperations(nodes: BlueprintNode[], ctx: ParseContext): void {
  const targetOps = new Map<string, PlanOperation[]>();
  for (const { plan } of nodes) {
    for (const rel of plan.relationships) {
      const found = hostAgentOperations(rel.targetOperations);
      if (found.length > 0) targetOps.set(rel.target, [...(targetOps.get(rel.target) ?? []), ...found]);
    }
  }
  for (const { plan } of nodes) {
    if (plan.host !== undefined) continue;
    const ops = [
      ...hostAgentOperations(plan.operations),
      ...plan.relationships.flatMap((r) => hostAgentOperations(r.sourceOperations)),
      ...(targetOps.get(plan.name) ?? []),
    ];
    for (const op of ops) {
      ctx.errors.add(
        ErrorCode.hostAgentWithoutHost,
        `node '${plan.name}' has no relationship which makes it contained within a host and it has a plugin '${op.plugin}' with 'host_agent' as an executor (operation '${op.name}'). These types of plugins must be installed on a host`,
        op.location,
        `add "executor: central_deployment_agent" to the operation, or contain '${plan.name}' in a ${COMPUTE}`,
      );
    }
  }
}

/** Error 100: relationships that loop back (a --> b --> a). Iterative DFS, one report per cycle. */
export function checkCycles(nodes: BlueprintNode[], ctx: ParseContext): void {
  const targets = new Map(nodes.map((n) => [n.plan.name, n.plan.relationships.map((r) => r.target)]));
  const state = new Map<string, 'active' | 'done'>();
  for (const start of targets.keys()) {
    if (state.has(start)) continue;
    const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
    state.set(start, 'active');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const edges = targets.get(frame.name) ?? [];
      if (frame.next >= edges.length) {
        state.set(frame.name, 'done');
        stack.pop();
        continue;
      }
      const target = edges[frame.next++]!;
      const seen = state.get(target);
      if (seen === 'active') {
        const names = stack.map((f) => f.name);
        const cycle = [...names.slice(names.indexOf(target)), target];
        const closing = nodes.find((n) => n.plan.name === frame.name)?.plan.relationships[frame.next - 1];
        ctx.errors.add(
          ErrorCode.circularDependency,
          `Circular dependency detected: ${cycle.join(' --> ')}`,
          closing?.location,
          'remove one of the relationships in the loop',
        );
      } else if (seen === undefined && targets.has(target)) {
        state.set(target, 'active');
        stack.push({ name: target, next: 0 });
      }
    }
  }
}
