// Where a local deployment lives between commands: its plan, node-instance states and runtime
// properties, and its executions. Two implementations: in memory (tests) and files
// (`.cloudify-local/` by default; atomic writes, one writer per deployment at a time).
import type { DeploymentPlan } from '../dsl/plan.js';

/** Cloudify's node-instance states (reference cloudify-api.md §5.6); new instances are `uninitialized`. */
export type NodeInstanceState =
  | 'uninitialized'
  | 'initializing'
  | 'creating'
  | 'created'
  | 'configuring'
  | 'configured'
  | 'starting'
  | 'started'
  | 'stopping'
  | 'stopped'
  | 'deleting'
  | 'deleted';

export interface StoredNodeInstance {
  id: string;
  nodeName: string;
  state: NodeInstanceState;
  runtimeProperties: Record<string, unknown>;
  /** Bumped by every update; an update with a stale expected version is a StorageConflictError. */
  version: number;
}

export type ExecutionStatus = 'started' | 'terminated' | 'failed' | 'cancelled';

export interface StoredExecution {
  id: string;
  workflowId: string;
  parameters: Record<string, unknown>;
  status: ExecutionStatus;
  /** ISO timestamps. */
  startedAt: string;
  endedAt?: string;
  error?: string;
}

export interface InstanceUpdate {
  state?: NodeInstanceState;
  runtimeProperties?: Record<string, unknown>;
}

/** One deployment, opened by one run at a time. */
export interface DeploymentStorage {
  readonly deploymentId: string;
  readonly plan: DeploymentPlan;
  getInstance(id: string): Promise<StoredNodeInstance>;
  listInstances(nodeName?: string): Promise<StoredNodeInstance[]>;
  /** Persists before resolving (files: atomically). `expectedVersion` guards against lost updates. */
  updateInstance(id: string, update: InstanceUpdate, expectedVersion?: number): Promise<StoredNodeInstance>;
  listExecutions(): Promise<StoredExecution[]>;
  saveExecution(execution: StoredExecution): Promise<void>;
  /** Releases the lock taken by `open`/`create`. */
  close(): Promise<void>;
}

export interface Storage {
  /** Stores a new deployment from a plan; refuses an existing id unless `replace`. */
  create(
    deploymentId: string,
    plan: DeploymentPlan,
    options?: { replace?: boolean },
  ): Promise<DeploymentStorage>;
  /** Opens (and locks) a deployment; a second concurrent open is refused with a clear error. */
  open(deploymentId: string): Promise<DeploymentStorage>;
  list(): Promise<string[]>;
  remove(deploymentId: string): Promise<void>;
}

export class StorageConflictError extends Error {
  override name = 'StorageConflictError';
}

export class DeploymentLockedError extends Error {
  override name = 'DeploymentLockedError';
}

/** `open`/`remove` of a deployment that was never created (or was removed). */
export class DeploymentNotFoundError extends Error {
  override name = 'DeploymentNotFoundError';
}

/** `create` of an id that exists, without `replace`. */
export class DeploymentExistsError extends Error {
  override name = 'DeploymentExistsError';
}
