// Everything one workflow execution shares: the plan with lookup tables, the storage, the
// executor, the bounded operation pool, the retry settings, a live copy of the node instances
// (states and runtime properties, refreshed after each operation) and the event sink.
import pLimit, { type LimitFunction } from 'p-limit';
import type {
  DeploymentPlan,
  EvaluationScope,
  PlanNode,
  PlanNodeInstance,
  RuntimeState,
} from '../dsl/plan.js';
import type { OperationExecutor } from '../executor/types.js';
import type { DeploymentStorage, NodeInstanceState, StoredNodeInstance } from '../storage/types.js';
import type { WorkflowEvent } from './events.js';

/** Evaluates run-time intrinsic functions (get_attribute, …) in operation inputs. */
export type RuntimeEvaluator = (
  value: Record<string, unknown>,
  scope: EvaluationScope,
  state: RuntimeState,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface RetrySettings {
  /** Retries per operation; -1 retries forever. An operation's own max_retries wins. */
  taskRetries: number;
  /** Seconds between attempts; an operation's retry_interval wins, its retry_after wins over both. */
  retryInterval: number;
}

export interface RunCounters {
  operations: number;
  retries: number;
  failures: number;
}

export interface RunContextOptions extends RetrySettings {
  workflowId: string;
  executionId: string;
  storage: DeploymentStorage;
  executor: OperationExecutor;
  parallelism: number;
  emit: (event: WorkflowEvent) => void;
  evaluate: RuntimeEvaluator;
  /** Cancels the run: no new operation starts and running ones are told to stop. */
  signal?: AbortSignal;
}

export class RunContext {
  readonly workflowId: string;
  readonly executionId: string;
  readonly deploymentId: string;
  readonly plan: DeploymentPlan;
  readonly storage: DeploymentStorage;
  readonly executor: OperationExecutor;
  readonly retry: RetrySettings;
  readonly limit: LimitFunction;
  readonly emit: (event: WorkflowEvent) => void;
  readonly evaluate: RuntimeEvaluator;
  readonly signal: AbortSignal | undefined;
  readonly counters: RunCounters = { operations: 0, retries: 0, failures: 0 };
  readonly #nodes = new Map<string, PlanNode>();
  readonly #planInstances = new Map<string, PlanNodeInstance>();
  readonly #live = new Map<string, StoredNodeInstance>();

  private constructor(options: RunContextOptions) {
    this.workflowId = options.workflowId;
    this.executionId = options.executionId;
    this.storage = options.storage;
    this.deploymentId = options.storage.deploymentId;
    this.plan = options.storage.plan;
    this.executor = options.executor;
    this.retry = { taskRetries: options.taskRetries, retryInterval: options.retryInterval };
    this.limit = pLimit(options.parallelism);
    this.emit = options.emit;
    this.evaluate = options.evaluate;
    this.signal = options.signal;
    for (const node of this.plan.nodes) this.#nodes.set(node.name, node);
    for (const instance of this.plan.nodeInstances) this.#planInstances.set(instance.id, instance);
  }

  static async create(options: RunContextOptions): Promise<RunContext> {
    const run = new RunContext(options);
    for (const stored of await options.storage.listInstances()) run.#live.set(stored.id, stored);
    return run;
  }

  /** Local deployments use the deployment name as the blueprint id too (as Cloudify's local mode). */
  get blueprintId(): string {
    return this.deploymentId;
  }

  get instances(): readonly PlanNodeInstance[] {
    return this.plan.nodeInstances;
  }

  node(name: string): PlanNode {
    const node = this.#nodes.get(name);
    if (!node) throw new Error(`the deployment plan has no node '${name}'`);
    return node;
  }

  instance(id: string): PlanNodeInstance {
    const instance = this.#planInstances.get(id);
    if (!instance) throw new Error(`the deployment plan has no node instance '${id}'`);
    return instance;
  }

  nodeOf(instanceId: string): PlanNode {
    return this.node(this.instance(instanceId).nodeName);
  }

  /** The recorded state; instances never touched by a workflow are `uninitialized`. */
  state(instanceId: string): NodeInstanceState {
    return this.#live.get(instanceId)?.state ?? 'uninitialized';
  }

  runtimeState(): RuntimeState {
    return {
      plan: this.plan,
      runtimeProperties: (id) => this.#live.get(id)?.runtimeProperties ?? {},
    };
  }

  /** Re-reads instances an operation may have changed (the executor persisted them). */
  async refresh(instanceIds: readonly string[]): Promise<void> {
    for (const id of instanceIds) this.#live.set(id, await this.storage.getInstance(id));
  }

  async setState(instanceId: string, state: NodeInstanceState): Promise<void> {
    this.#live.set(instanceId, await this.storage.updateInstance(instanceId, { state }));
    this.emit({ type: 'state_changed', instanceId, state });
  }

  sendEvent(instanceId: string, message: string): void {
    this.emit({ type: 'instance_event', instanceId, message });
  }
}
