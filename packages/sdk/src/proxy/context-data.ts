// What the ctx model of one operation is built from: the task, the instances it owns (live
// runtime properties the executor persists), what it may read of others, and where its logs,
// outcome and resource requests go.
import type { PlanNode, PlanNodeInstance } from '../dsl/plan.js';
import type { OperationTask } from '../executor/types.js';
import type { BlueprintResources } from './resources.js';
import type { ScriptOutcome } from './script-outcome.js';

export type ProxyLogLevel = 'debug' | 'info' | 'warning' | 'error';

/** The live runtime properties of an instance the operation may change. */
export interface RuntimePropertiesAccess {
  readonly properties: Record<string, unknown>;
  /** Changed since loaded or last saved. */
  readonly dirty: boolean;
  /** `instance.update()`: saves now. */
  save(): Promise<void>;
  /** `instance.refresh()`: reloads from storage, dropping local changes. */
  reload(): Promise<void>;
}

export interface SubjectData {
  node: PlanNode;
  instance: PlanNodeInstance;
  runtime: RuntimePropertiesAccess;
}

export type ContextSubjects =
  | { kind: 'node'; self: SubjectData }
  | { kind: 'relationship'; source: SubjectData; target: SubjectData; side: 'source' | 'target' };

export interface OperationContextData {
  task: OperationTask;
  /** A new id for every attempt. */
  taskId: string;
  subjects: ContextSubjects;
  /** Stored runtime properties of instances read but not owned (hosts, relationship targets). */
  storedRuntimeProperties(instanceId: string): Record<string, unknown> | undefined;
  log(level: ProxyLogLevel, message: string): void;
  outcome: ScriptOutcome;
  resources: BlueprintResources;
}
