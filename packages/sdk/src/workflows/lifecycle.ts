// install and uninstall task graphs, step for step as Cloudify's lifecycle.py builds them
// (reference cloudify-api.md §5.4, §5.5): per instance a strict sequence of state changes, events
// and operations, skipping what the recorded state says is done; between instances, every
// relationship makes the source wait for the target's whole subgraph (reversed on uninstall).
import type { NodeInstanceState } from '../storage/types.js';
import type { TaskGraph } from './graph.js';
import type { RunContext } from './run-context.js';
import { SubgraphBuilder, type InstanceSubgraph, type Item } from './subgraph.js';

const LIFECYCLE = 'cloudify.interfaces.lifecycle';
const RELATIONSHIP = 'cloudify.interfaces.relationship_lifecycle';
const COMPUTE = 'cloudify.nodes.Compute';

export interface LifecycleSelection {
  /** Instances the workflow installs or uninstalls. */
  selected: ReadonlySet<string>;
  /**
   * The others: no lifecycle, but a relationship from one of them to a selected instance gets
   * its establish (install) or unlink (uninstall) operations (Cloudify's "intact" nodes).
   */
  intact: ReadonlySet<string>;
}

export function buildInstallGraph(run: RunContext, graph: TaskGraph, selection: LifecycleSelection): void {
  const lifecycle = new Lifecycle(new SubgraphBuilder(run, graph));
  lifecycle.build(selection, true, (id) => lifecycle.installItems(id));
}

export function buildUninstallGraph(
  run: RunContext,
  graph: TaskGraph,
  selection: LifecycleSelection,
  options: { ignoreFailure: boolean },
): void {
  const lifecycle = new Lifecycle(new SubgraphBuilder(run, graph, { ignoreFailures: options.ignoreFailure }));
  lifecycle.build(selection, false, (id) => lifecycle.uninstallItems(id));
}

const oneOf = (state: NodeInstanceState, states: NodeInstanceState[]) => states.includes(state);

class Lifecycle {
  constructor(readonly b: SubgraphBuilder) {}

  get run(): RunContext {
    return this.b.run;
  }

  build(selection: LifecycleSelection, install: boolean, itemsOf: (id: string) => Item[]): void {
    const subgraphs = new Map<string, InstanceSubgraph>();
    for (const id of selection.selected) subgraphs.set(id, this.b.materialize(id, itemsOf(id), 'no-op'));
    for (const id of selection.intact) {
      subgraphs.set(id, this.b.materialize(id, this.#intactItems(id, selection, install), 'not selected'));
    }
    for (const id of [...selection.selected, ...selection.intact]) {
      const source = subgraphs.get(id)!;
      for (const rel of this.run.instance(id).relationships) {
        const target = subgraphs.get(rel.targetId);
        if (!target) continue;
        const declared = this.run.nodeOf(id).relationships[rel.relationship];
        const operation = declared?.properties['operation'];
        const [waiter, waited] = install ? [source, target] : [target, source];
        const onlyAfter =
          typeof operation === 'string' && operation ? `${LIFECYCLE}.${operation}` : undefined;
        if (onlyAfter === undefined) {
          this.b.graph.addDependency(waiter.first, waited.last);
        } else {
          // depends_on_lifecycle_operation: wait only for what follows that operation, if it runs.
          const after = waited.afterOperation.get(onlyAfter);
          if (after) this.b.graph.addDependency(waiter.first, after);
        }
      }
    }
  }

  /** An intact source keeps its relationships to selected targets in step with them. */
  #intactItems(id: string, selection: LifecycleSelection, install: boolean): Item[] {
    const name = `${RELATIONSHIP}.${install ? 'establish' : 'unlink'}`;
    const groups = this.b.relationshipUnits(id, name, (targetId) => selection.selected.has(targetId));
    const units = (install ? groups : groups.reverse()).flat();
    return units.map((unit): Item => [
      install || unit.kind !== 'operation' ? unit : { ...unit, call: { ...unit.call, ignoreFailure: true } },
    ]);
  }

  #relationships(id: string, operation: string, pre: string, post: string, reverse = false): Item[] {
    const groups = this.b.relationshipUnits(id, `${RELATIONSHIP}.${operation}`);
    return this.b.skipNop(
      reverse ? groups.reverse() : groups,
      [[this.b.event(id, pre)]],
      [[this.b.event(id, post)]],
    );
  }

  /** The items, or Cloudify's "<what>: nothing to do" event in their place. */
  #orNothing(id: string, items: Item[], what: string): Item[] {
    return items.length > 0 ? items : [[this.b.event(id, `${what}: nothing to do`)]];
  }

  /** An optional operation (5.0+) with its two events, only when the node declares it. */
  #declared(id: string, operation: string, pre: string, post: string): Item[] {
    if (!this.b.hasOperation(id, operation)) return [];
    return this.b.skipNop(
      this.b.operation(id, operation),
      [[this.b.event(id, pre)]],
      [[this.b.event(id, post)]],
    );
  }

  installItems(id: string): Item[] {
    const { b } = this;
    const state = this.run.state(id);
    const ev = (message: string) => b.event(id, message);
    const nothing = (items: Item[], what: string) => this.#orNothing(id, items, what);

    let creationValidation: Item[] = [];
    let precreate: Item[] = [];
    if (!oneOf(state, ['started', 'starting', 'created', 'creating', 'configured', 'configuring'])) {
      creationValidation = this.#declared(
        id,
        'cloudify.interfaces.validation.create',
        'Validating node instance before creation',
        'Node instance validated before creation',
      );
      precreate = this.#declared(
        id,
        `${LIFECYCLE}.precreate`,
        'Precreating node instance',
        'Node instance precreated',
      );
    }
    let create: Item[] = [];
    if (!oneOf(state, ['started', 'starting', 'created', 'configuring', 'configured'])) {
      create = b.skipNop(
        b.operation(id, `${LIFECYCLE}.create`),
        [[ev('Creating node instance'), b.setState(id, 'creating')]],
        [[ev('Node instance created'), b.setState(id, 'created')]],
      );
    }
    let preconfigure: Item[] = [];
    let configure: Item[] = [];
    if (!oneOf(state, ['started', 'starting', 'configured'])) {
      preconfigure = this.#relationships(
        id,
        'preconfigure',
        'Pre-configuring relationships',
        'Relationships pre-configured',
      );
      configure = b.skipNop(
        b.operation(id, `${LIFECYCLE}.configure`),
        [[b.setState(id, 'configuring'), ev('Configuring node instance')]],
        [[b.setState(id, 'configured'), ev('Node instance configured')]],
      );
    }
    let postconfigure: Item[] = [];
    let start: Item[] = [];
    let hostPostStart: Item[] = [];
    let poststart: Item[] = [];
    let monitoringStart: Item[] = [];
    let establish: Item[] = [];
    if (state !== 'started') {
      postconfigure = this.#relationships(
        id,
        'postconfigure',
        'Post-configuring relationships',
        'Relationships post-configured',
      );
      start = b.skipNop(b.operation(id, `${LIFECYCLE}.start`), [
        [b.setState(id, 'starting'), ev('Starting node instance')],
      ]);
      hostPostStart = this.#isHost(id) ? this.#hostPostStart(id) : [];
      poststart = this.#declared(
        id,
        `${LIFECYCLE}.poststart`,
        'Poststarting node instance',
        'Node instance poststarted',
      );
      monitoringStart = b.skipNop(b.operation(id, 'cloudify.interfaces.monitoring.start'));
      establish = this.#relationships(
        id,
        'establish',
        'Establishing relationships',
        'Relationships established',
      );
    }
    const work = [creationValidation, precreate, create, preconfigure, configure, postconfigure, start];
    work.push(hostPostStart, poststart, monitoringStart, establish);
    if (work.every((items) => items.length === 0)) {
      return [[b.setState(id, 'started'), ev('Node instance started (nothing to do)')]];
    }
    // Cloudify sets `initializing` here even when resuming an instance it already created, so a
    // failure later in the run would make the next install create it again; we keep the state.
    const initializing: Item[] = oneOf(state, ['created', 'configuring', 'configured', 'starting'])
      ? []
      : [[b.setState(id, 'initializing')]];
    return [
      ...initializing,
      ...nothing(creationValidation, 'Validating node instance before creation'),
      ...nothing(precreate, 'Precreating node instance'),
      ...nothing(create, 'Creating node instance'),
      ...preconfigure,
      ...nothing(configure, 'Configuring node instance'),
      ...postconfigure,
      ...nothing(start, 'Starting node instance'),
      ...hostPostStart,
      ...nothing(poststart, 'Poststarting node instance'),
      ...monitoringStart,
      ...establish,
      [b.setState(id, 'started'), ev('Node instance started')],
    ];
  }

  uninstallItems(id: string): Item[] {
    const { b } = this;
    const state = this.run.state(id);
    const ev = (message: string) => b.event(id, message);
    let stopping: Item[] = [];
    let deletionValidation: Item[] = [];
    let monitoringStop: Item[] = [];
    let prestop: Item[] = [];
    let hostPreStop: Item[] = [];
    let stop: Item[];
    if (oneOf(state, ['stopped', 'deleting', 'deleted', 'uninitialized', 'configured'])) {
      stop = [[ev(`Stop: instance already ${state}`)]];
    } else {
      stopping = [[b.setState(id, 'stopping'), ev('Stopping node instance')]];
      monitoringStop = b.skipNop(b.operation(id, 'cloudify.interfaces.monitoring.stop'));
      deletionValidation = this.#declared(
        id,
        'cloudify.interfaces.validation.delete',
        'Validating node instance before deletion',
        'Node instance validated before deletion',
      );
      prestop = this.#declared(
        id,
        `${LIFECYCLE}.prestop`,
        'Prestopping node instance',
        'Node instance prestopped',
      );
      hostPreStop = this.#isHost(id) ? this.#hostPreStop(id) : [];
      stop = b.skipNop(b.operation(id, `${LIFECYCLE}.stop`), [], [[ev('Stopped node instance')]]);
    }
    const stopped: Item[] = oneOf(state, ['stopped', 'deleting', 'deleted'])
      ? []
      : [[b.setState(id, 'stopped')]];
    let unlink: Item[] = [];
    let postdelete: Item[] = [];
    let del: Item[];
    if (oneOf(state, ['deleted', 'uninitialized'])) {
      del = [[ev(`Delete: instance already ${state}`)]];
    } else {
      unlink = this.#relationships(id, 'unlink', 'Unlinking relationships', 'Relationships unlinked', true);
      del = b.skipNop(b.operation(id, `${LIFECYCLE}.delete`), [
        [b.setState(id, 'deleting'), ev('Deleting node instance')],
      ]);
      postdelete = this.#declared(
        id,
        `${LIFECYCLE}.postdelete`,
        'Postdeleting node instance',
        'Node instance postdeleted',
      );
    }
    const finish: Item[] =
      state === 'deleted' ? [] : [[b.setState(id, 'deleted'), ev('Deleted node instance')]];
    const nothing = (items: Item[], what: string) => this.#orNothing(id, items, what);
    return [
      ...stopping,
      // Cloudify's own wording for this event says "after deletion".
      ...nothing(deletionValidation, 'Validating node instance after deletion'),
      ...monitoringStop,
      ...prestop,
      ...hostPreStop,
      ...nothing(stop, 'Stopped node instance'),
      ...stopped,
      ...unlink,
      ...nothing(del, 'Deleting node instance'),
      ...postdelete,
      ...finish,
    ];
  }

  #isHost(id: string): boolean {
    return this.run.nodeOf(id).typeHierarchy.includes(COMPUTE);
  }

  /**
   * Locally there is no agent to install: of Cloudify's host steps we run `host.get_state`
   * (retried until it returns true) and the monitoring agent operations, when they are mapped.
   */
  #hostPostStart(id: string): Item[] {
    const units = [
      this.b.operation(id, 'cloudify.interfaces.host.get_state', {
        untilTrue: 'the host is not started yet (cloudify.interfaces.host.get_state returned false)',
      }),
      this.b.operation(id, 'cloudify.interfaces.monitoring_agent.install'),
      this.b.operation(id, 'cloudify.interfaces.monitoring_agent.start'),
    ];
    return units.filter((u) => u !== undefined).map((u) => [u]);
  }

  #hostPreStop(id: string): Item[] {
    const units = [
      this.b.operation(id, 'cloudify.interfaces.monitoring_agent.stop'),
      this.b.operation(id, 'cloudify.interfaces.monitoring_agent.uninstall'),
    ];
    return units.filter((u) => u !== undefined).map((u) => [u]);
  }
}
