// Building blocks of Cloudify's task graphs: a node instance's subgraph is a strict sequence of
// items; an item is a fork-join of units (operations, state changes, events) run in parallel.
// NOP operations (declared with no implementation) produce no unit at all, so the events around
// them are skipped too (Cloudify's `_skip_nop_operations`).
import type { NodeInstanceState } from '../storage/types.js';
import type { TaskFailure } from './failures.js';
import type { Step, TaskGraph } from './graph.js';
import { runOperation, subjectLabel, type OperationCall } from './operation-task.js';
import type { RunContext } from './run-context.js';

export type Unit =
  | { kind: 'operation'; call: OperationCall; instanceId: string }
  | { kind: 'action'; describe: string; run: () => Promise<void> };

/** Units that run in parallel; the next item starts when all of them have finished. */
export type Item = Unit[];

export interface InstanceSubgraph {
  instanceId: string;
  first: Step;
  last: Step;
  /** For depends_on_lifecycle_operation: full operation name → the step right after it. */
  afterOperation: Map<string, Step>;
}

export interface SubgraphOptions {
  /** uninstall's ignore_failure: a failed operation is reported as an event and the run goes on. */
  ignoreFailures?: boolean;
}

export class SubgraphBuilder {
  constructor(
    readonly run: RunContext,
    readonly graph: TaskGraph,
    readonly options: SubgraphOptions = {},
  ) {}

  event(instanceId: string, message: string): Unit {
    return {
      kind: 'action',
      describe: `event '${message}'`,
      run: () => Promise.resolve(this.run.sendEvent(instanceId, message)),
    };
  }

  setState(instanceId: string, state: NodeInstanceState): Unit {
    return {
      kind: 'action',
      describe: `set state ${state}`,
      run: () => this.run.setState(instanceId, state),
    };
  }

  /** Whether the node declares the operation at all (even as a NOP): Cloudify's `has_operation`. */
  hasOperation(instanceId: string, name: string): boolean {
    return name in this.run.nodeOf(instanceId).operations;
  }

  /** The operation as a unit, or undefined when it is a NOP or not declared. */
  operation(instanceId: string, name: string, extra?: Partial<OperationCall>): Unit | undefined {
    const operation = this.run.nodeOf(instanceId).operations[name];
    if (!operation || operation.implementation === '') return undefined;
    return {
      kind: 'operation',
      instanceId,
      call: { operation, subject: { kind: 'node', instanceId }, ...extra },
    };
  }

  /** Source- and target-side operations of every relationship of `instanceId` toward `targetId`. */
  relationshipUnits(instanceId: string, name: string, onlyTarget?: (targetId: string) => boolean): Item[] {
    const node = this.run.nodeOf(instanceId);
    // Grouped per target instance (consecutive, as itertools.groupby), in declaration order.
    const groups: { targetId: string; units: Unit[] }[] = [];
    for (const rel of this.run.instance(instanceId).relationships) {
      if (onlyTarget && !onlyTarget(rel.targetId)) continue;
      const declared = node.relationships[rel.relationship];
      if (!declared) throw new Error(`${instanceId}: relationship #${rel.relationship} is not in the plan`);
      let group = groups.at(-1);
      if (group?.targetId !== rel.targetId) {
        group = { targetId: rel.targetId, units: [] };
        groups.push(group);
      }
      for (const side of ['source', 'target'] as const) {
        const operation = (side === 'source' ? declared.sourceOperations : declared.targetOperations)[name];
        if (!operation || operation.implementation === '') continue;
        const subject = {
          kind: 'relationship' as const,
          sourceId: instanceId,
          targetId: rel.targetId,
          side,
          relationship: rel.relationship,
        };
        group.units.push({ kind: 'operation', instanceId, call: { operation, subject } });
      }
    }
    return groups.filter((g) => g.units.length > 0).map((g) => g.units);
  }

  /** `pre + task + post`, or nothing when the task is a NOP (Cloudify's `_skip_nop_operations`). */
  skipNop(task: Unit | Item[] | undefined, pre: Item[] = [], post: Item[] = []): Item[] {
    if (task === undefined || (Array.isArray(task) && task.length === 0)) return [];
    return [...pre, ...(Array.isArray(task) ? task : [[task]]), ...post];
  }

  /** Turns an instance's items into chained graph steps. An empty list becomes one empty step. */
  materialize(instanceId: string, items: Item[], label: string): InstanceSubgraph {
    const steps = items.map((item) => this.#step(instanceId, item));
    if (steps.length === 0) steps.push(this.graph.add(`${instanceId}: ${label}`, () => Promise.resolve([])));
    this.graph.sequence(steps);
    const afterOperation = new Map<string, Step>();
    items.forEach((item, index) => {
      const next = steps[index + 1];
      for (const unit of item) {
        if (next && unit.kind === 'operation' && unit.call.subject.kind === 'node') {
          afterOperation.set(unit.call.operation.name, next);
        }
      }
    });
    return { instanceId, first: steps[0]!, last: steps.at(-1)!, afterOperation };
  }

  #step(instanceId: string, item: Item): Step {
    const describe = item
      .map((u) =>
        u.kind === 'action' ? u.describe : `${subjectLabel(u.call.subject)} ${u.call.operation.name}`,
      )
      .join(' + ');
    return this.graph.add(`${instanceId}: ${describe}`, async () => {
      if (item.some((unit) => unit.kind === 'operation')) {
        const results = await Promise.all(item.map((unit) => this.#runUnit(unit)));
        return results.flat();
      }
      // State changes and events: in the written order, so event logs read the same every run.
      for (const unit of item) await this.#runUnit(unit);
      return [];
    });
  }

  async #runUnit(unit: Unit): Promise<TaskFailure[]> {
    if (unit.kind === 'action') {
      await unit.run();
      return [];
    }
    const ignoreFailure = unit.call.ignoreFailure ?? this.options.ignoreFailures ?? false;
    return runOperation(this.run, { ...unit.call, ignoreFailure }, this.graph);
  }
}
