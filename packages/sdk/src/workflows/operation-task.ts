// One operation of one node instance (or one end of a relationship instance), with Cloudify's
// retry rules (reference cloudify-api.md §2.4): at most 1 + max_retries attempts (-1: forever);
// NonRecoverableError fails at once; a retry request past the limit fails; the wait before the
// next attempt is retry_after, else the operation's retry_interval, else the workflow's.
import { setTimeout as sleep } from 'node:timers/promises';
import type { EvaluationScope, PlanOperation } from '../dsl/plan.js';
import type { OperationResult, OperationSubject, OperationTask } from '../executor/types.js';
import type { TaskFailure } from './failures.js';
import type { RunContext } from './run-context.js';

export interface OperationCall {
  operation: PlanOperation;
  subject: OperationSubject;
  /** Inputs added by the workflow (execute_operation's operation_kwargs), already merged-checked. */
  extraInputs?: Record<string, unknown>;
  /**
   * Succeeds only when the operation returns a truthy value; otherwise it is retried with this
   * message (the host's `get_state` before its dependents install).
   */
  untilTrue?: string;
  /** uninstall's ignore_failure: a final failure becomes an event and the run goes on. */
  ignoreFailure?: boolean;
}

/** Display form of a subject: `web_a1b2c3`, or `web_a1b2c3->db_x9y8z7` for a relationship. */
export function subjectLabel(subject: OperationSubject): string {
  return subject.kind === 'node' ? subject.instanceId : `${subject.sourceId}->${subject.targetId}`;
}

function subjectInstances(subject: OperationSubject): string[] {
  return subject.kind === 'node' ? [subject.instanceId] : [subject.sourceId, subject.targetId];
}

function evaluationScope(subject: OperationSubject): EvaluationScope {
  return subject.kind === 'node'
    ? { self: subject.instanceId }
    : { source: subject.sourceId, target: subject.targetId };
}

/** What the graph offers an operation: a signal to watch and a way to stop everything. */
export interface Halt {
  readonly haltSignal: AbortSignal;
  halt(reason: string): void;
}

type Decision =
  | { kind: 'done'; value: unknown }
  | { kind: 'again'; result: Exclude<OperationResult, { status: 'succeeded' }>; retryIn: number }
  | { kind: 'fail'; failure: TaskFailure };

/**
 * Runs the operation to its end; resolves with its failure, or nothing on success or halt.
 * A final failure halts the graph before the pool slot is released, so no queued operation
 * starts after it.
 */
export async function runOperation(
  run: RunContext,
  call: OperationCall,
  graph: Halt,
): Promise<TaskFailure[]> {
  const { operation, subject } = call;
  const label = subjectLabel(subject);
  const maxRetries = operation.maxRetries ?? run.retry.taskRetries;
  const interval = operation.retryInterval ?? run.retry.retryInterval;
  const nodeName = run.instance(subject.kind === 'node' ? subject.instanceId : subject.sourceId).nodeName;
  const fail = (kind: TaskFailure['kind'], attempt: number, message: string, details?: string): Decision => ({
    kind: 'fail',
    failure: {
      workflow: run.workflowId,
      kind,
      message,
      attempt,
      node: nodeName,
      instance: label,
      operation: operation.name,
      ...(subject.kind === 'relationship' ? { side: subject.side } : {}),
      ...(details ? { details } : {}),
    },
  });
  const decide = (outcome: AttemptOutcome, retryNumber: number): Decision => {
    const attempt = retryNumber + 1;
    if (outcome.kind === 'bad_inputs') return fail('error', attempt, outcome.message);
    let result = outcome.result;
    if (call.untilTrue && result.status === 'succeeded' && !result.value) {
      result = { status: 'retry', message: call.untilTrue };
    }
    if (result.status === 'succeeded') return { kind: 'done', value: result.value };
    if (result.status === 'failed' && !result.recoverable) {
      return fail('non_recoverable', attempt, result.message, result.details);
    }
    if (maxRetries === -1 || retryNumber < maxRetries) {
      return { kind: 'again', result, retryIn: result.retryAfter ?? interval };
    }
    const limit = `no retries left (max_retries ${maxRetries})`;
    return result.status === 'retry'
      ? fail('retry', attempt, `${result.message || 'retry requested'}; ${limit}`)
      : fail('recoverable', attempt, `${result.message}; ${limit}`, result.details);
  };

  for (let retryNumber = 0; ; retryNumber++) {
    const attempt = retryNumber + 1;
    const decision = await run.limit(async () => {
      if (graph.haltSignal.aborted) return undefined;
      const decided = decide(await attemptOnce(run, call, retryNumber, maxRetries, label), retryNumber);
      if (decided.kind === 'fail' && !call.ignoreFailure) graph.halt('failed');
      return decided;
    });
    if (decision === undefined) return [];
    const base = { subject: label, operation: operation.name, attempt };
    if (decision.kind === 'done') {
      const message = decision.value === undefined ? {} : { message: JSON.stringify(decision.value) };
      run.emit({ type: 'task_succeeded', ...base, ...message });
      return [];
    }
    if (decision.kind === 'fail') {
      const { failure } = decision;
      run.counters.failures += 1;
      run.emit({ type: 'task_failed', ...base, message: failure.message, kind: failure.kind });
      if (!call.ignoreFailure) return [failure];
      run.sendEvent(subjectInstances(subject)[0]!, `Ignoring task ${operation.name} failure`);
      return [];
    }
    const { result, retryIn } = decision;
    run.counters.retries += 1;
    run.emit(
      result.status === 'retry'
        ? { type: 'task_rescheduled', ...base, message: result.message, retryIn }
        : { type: 'task_failed', ...base, message: result.message, retryIn, kind: 'recoverable' },
    );
    try {
      await sleep(retryIn * 1000, undefined, { signal: graph.haltSignal });
    } catch {
      return []; // halted while waiting: this operation neither failed nor finished
    }
  }
}

type AttemptOutcome = { kind: 'ran'; result: OperationResult } | { kind: 'bad_inputs'; message: string };

async function attemptOnce(
  run: RunContext,
  call: OperationCall,
  retryNumber: number,
  maxRetries: number,
  label: string,
): Promise<AttemptOutcome> {
  const { operation, subject } = call;
  let inputs: Record<string, unknown>;
  try {
    const raw = { ...operation.inputs, ...call.extraInputs };
    inputs = await run.evaluate(raw, evaluationScope(subject), run.runtimeState());
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: 'bad_inputs', message: `cannot evaluate the operation inputs: ${reason}` };
  }
  const task: OperationTask = {
    deploymentId: run.deploymentId,
    blueprintId: run.blueprintId,
    executionId: run.executionId,
    workflowId: run.workflowId,
    plan: run.plan,
    operation,
    subject,
    retryNumber,
    maxRetries,
    inputs,
  };
  run.counters.operations += 1;
  run.emit({ type: 'task_started', subject: label, operation: operation.name, attempt: retryNumber + 1 });
  let result: OperationResult;
  try {
    result = await run.executor.execute(task, {
      storage: run.storage,
      emit: run.emit,
      ...(run.signal ? { signal: run.signal } : {}),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    result = { status: 'failed', recoverable: false, message: `the executor could not run it: ${reason}` };
  }
  await run.refresh(subjectInstances(subject));
  return { kind: 'ran', result };
}
