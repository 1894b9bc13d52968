// The node instances one operation works on: those it owns (its instance, or both ends of a
// relationship), whose runtime properties it may change and which are saved when it ends, and
// those it only reads (hosts, relationship targets), read once at the start.
import type { PlanNode, PlanNodeInstance } from '../dsl/plan.js';
import type { ContextSubjects, SubjectData } from '../proxy/context-model.js';
import { nonRecoverable } from './failure.js';
import { InstanceRuntimeProperties } from './runtime-properties.js';
import type { ExecutionEnvironment, OperationTask } from './types.js';

export class OperationInstances {
  readonly sessions: InstanceRuntimeProperties[] = [];
  readonly stored = new Map<string, Record<string, unknown>>();

  constructor(private readonly task: OperationTask) {}

  private instance(id: string): PlanNodeInstance {
    const instance = this.task.plan.nodeInstances.find((i) => i.id === id);
    if (!instance) throw nonRecoverable(`the deployment plan has no node instance '${id}'`);
    return instance;
  }

  private node(name: string): PlanNode {
    const node = this.task.plan.nodes.find((n) => n.name === name);
    if (!node) throw nonRecoverable(`the deployment plan has no node '${name}'`);
    return node;
  }

  private async subject(id: string, env: ExecutionEnvironment): Promise<SubjectData> {
    const instance = this.instance(id);
    const runtime = await InstanceRuntimeProperties.load(env.storage, id);
    this.sessions.push(runtime);
    return { instance, node: this.node(instance.nodeName), runtime };
  }

  /** Hosts and relationship targets: read once, for host_ip and read-only relationship views. */
  private async loadRelated(owned: SubjectData[], env: ExecutionEnvironment): Promise<void> {
    const ownedIds = new Set(owned.map((s) => s.instance.id));
    const related = new Set<string>();
    for (const { instance } of owned) {
      if (instance.hostId) related.add(instance.hostId);
      for (const relationship of instance.relationships) related.add(relationship.targetId);
    }
    for (const id of related) {
      if (!ownedIds.has(id)) this.stored.set(id, (await env.storage.getInstance(id)).runtimeProperties);
    }
  }

  async load(env: ExecutionEnvironment): Promise<ContextSubjects> {
    const { subject } = this.task;
    if (subject.kind === 'node') {
      const self = await this.subject(subject.instanceId, env);
      await this.loadRelated([self], env);
      return { kind: 'node', self };
    }
    const source = await this.subject(subject.sourceId, env);
    const target = await this.subject(subject.targetId, env);
    await this.loadRelated([source, target], env);
    return { kind: 'relationship', source, target, side: subject.side };
  }

  /** Saves every owned instance; returns the errors (the operation's own outcome comes first). */
  async saveAll(): Promise<string[]> {
    const results = await Promise.allSettled(this.sessions.map((s) => s.save()));
    return results.flatMap((r, i) =>
      r.status === 'rejected'
        ? [`could not save the runtime properties of ${this.sessions[i]?.instanceId}: ${String(r.reason)}`]
        : [],
    );
  }
}
