// What the workflows ask of the executor: run ONE operation of one node instance (or one end of a
// relationship instance) once, and say how it ended. Retries, ordering and state changes are the
// workflows' business; the executor starts the script, serves its ctx proxy endpoint, persists the
// runtime properties it changed (always, even when it fails) and emits its log lines as events.
import type { DeploymentPlan, PlanOperation } from '../dsl/plan.js';
import type { DeploymentStorage } from '../storage/types.js';
import type { WorkflowEvent } from '../workflows/events.js';

export type OperationSubject =
  | { kind: 'node'; instanceId: string }
  | {
      kind: 'relationship';
      sourceId: string;
      targetId: string;
      /** Which end's interface the operation belongs to. */
      side: 'source' | 'target';
      /** Index into the source node's `relationships`. */
      relationship: number;
    };

export interface OperationTask {
  deploymentId: string;
  blueprintId: string;
  executionId: string;
  workflowId: string;
  plan: DeploymentPlan;
  operation: PlanOperation;
  subject: OperationSubject;
  /** 0 on the first attempt. */
  retryNumber: number;
  /** Effective task retries for this operation (-1 = unlimited), as ctx.operation.max_retries shows it. */
  maxRetries: number;
  /** Operation inputs with run-time functions already evaluated. */
  inputs: Record<string, unknown>;
}

export type OperationResult =
  | { status: 'succeeded'; value?: unknown }
  /** ctx.operation.retry / `ctx retry_operation`: rescheduled, not a failure. */
  | { status: 'retry'; message: string; retryAfter?: number }
  | {
      status: 'failed';
      /** false for NonRecoverableError / abort_operation: the workflow must not retry it. */
      recoverable: boolean;
      message: string;
      /** From a RecoverableError's retry_after. */
      retryAfter?: number;
      /** Captured stderr tail, exit code, etc., for the failure report. */
      details?: string;
    };

export interface ExecutionEnvironment {
  storage: DeploymentStorage;
  emit(event: WorkflowEvent): void;
  signal?: AbortSignal;
}

export interface OperationExecutor {
  execute(task: OperationTask, env: ExecutionEnvironment): Promise<OperationResult>;
  /** Kills operations still running, stops the proxy server and removes temporary files. */
  close(): Promise<void>;
}
