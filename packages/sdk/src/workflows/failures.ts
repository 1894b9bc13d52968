// How a workflow says what went wrong: one TaskFailure per failed operation, naming where it
// failed (workflow, node, instance, operation, attempt), how (kind) and why (message).
import type { WorkflowSummary } from './run.js';

/**
 * - `non_recoverable`: NonRecoverableError / `ctx abort_operation`: failed at once, no retry.
 * - `recoverable`: a recoverable error (any other error, a non-zero exit) with no retries left.
 * - `retry`: the operation asked to be retried (`ctx.operation.retry`) with no retries left.
 * - `error`: the workflow itself could not run the operation (bad inputs, executor crash, cycle).
 */
export type FailureKind = 'non_recoverable' | 'recoverable' | 'retry' | 'error';

export interface TaskFailure {
  workflow: string;
  kind: FailureKind;
  message: string;
  /** 1-based attempt that failed; 0 when the failure is not an operation's. */
  attempt: number;
  /** Node template name (the source node for relationship operations). */
  node?: string;
  /** Instance id, or `source->target` for relationship operations. */
  instance?: string;
  /** Full operation name, e.g. `cloudify.interfaces.lifecycle.start`. */
  operation?: string;
  /** Which end of a relationship ran the operation. */
  side?: 'source' | 'target';
  /** stderr tail, exit code, stack: whatever helps, for the report. */
  details?: string;
}

export function formatFailure(failure: TaskFailure): string {
  const where = [failure.instance, failure.operation].filter(Boolean).join(' ');
  const side = failure.side ? `${failure.side} side, ` : '';
  const attempt = failure.attempt > 0 ? `attempt ${failure.attempt}, ` : '';
  const head = where ? `${where} (${side}${attempt}${failure.kind.replace('_', '-')})` : failure.kind;
  return `${head}: ${failure.message}`;
}

export class WorkflowFailedError extends Error {
  override name = 'WorkflowFailedError';
  readonly workflowId: string;
  readonly executionId: string;
  readonly failures: readonly TaskFailure[];
  /** Counts and timing of the run that failed. */
  readonly summary: WorkflowSummary | undefined;

  constructor(
    workflowId: string,
    executionId: string,
    failures: readonly TaskFailure[],
    summary?: WorkflowSummary,
  ) {
    const count = failures.length === 1 ? '1 failure' : `${failures.length} failures`;
    const lines = failures.map((f) => `  - ${formatFailure(f)}`);
    super([`'${workflowId}' workflow failed (${count}):`, ...lines].join('\n'));
    this.workflowId = workflowId;
    this.executionId = executionId;
    this.failures = failures;
    this.summary = summary;
  }
}

export class WorkflowCancelledError extends Error {
  override name = 'WorkflowCancelledError';
  constructor(
    readonly workflowId: string,
    readonly executionId: string,
    /** Counts and timing of the run, with the failures of operations stopped by the cancellation. */
    readonly summary?: WorkflowSummary,
  ) {
    super(`'${workflowId}' workflow was cancelled: no new operation was started, running ones were stopped`);
  }
}

/** A workflow that cannot be run as asked: unknown workflow, bad parameters. Exit code 2 in the CLI. */
export class WorkflowUsageError extends Error {
  override name = 'WorkflowUsageError';
}
