// How a script run ends (script_runner/tasks.py `execute` and `process_execution`, then the
// dispatcher): more than one returns/abort/retry → NonRecoverable; a non-zero exit without
// abort/retry → a recoverable failure (ProcessException); abort → NonRecoverable; a retry request
// → rescheduled; otherwise success with the value given to `returns`.
import { pythonStr } from '../proxy/python-format.js';
import { ONLY_ONCE_MESSAGE, type ScriptOutcome } from '../proxy/script-outcome.js';
import type { ProcessRunResult } from './process-runner.js';
import type { OperationResult } from './types.js';

export interface RunContext {
  /** The command as Cloudify shows it. */
  command: string;
  timeoutSeconds?: number;
  timeoutRecoverable: boolean;
}

function tail(run: ProcessRunResult): string | undefined {
  const lines = (text: string) => text.trimEnd().split('\n').slice(-20).join('\n');
  const parts = [
    run.stderrTail.trim() && `stderr (last lines):\n${lines(run.stderrTail)}`,
    run.stdoutTail.trim() && `stdout (last lines):\n${lines(run.stdoutTail)}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** A retry_after the workflow can use: seconds, from a number or a numeric string. */
function retryAfterSeconds(value: unknown): number | undefined {
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

const failed = (recoverable: boolean, message: string, details?: string): OperationResult => ({
  status: 'failed',
  recoverable,
  message,
  ...(details === undefined ? {} : { details }),
});

export function operationResult(
  run: ProcessRunResult,
  outcome: ScriptOutcome,
  context: RunContext,
): OperationResult {
  if (run.spawnError) {
    const missing = run.spawnError.code === 'ENOENT';
    return failed(
      true,
      `command: ${context.command}, exit_code: ${missing ? 127 : 126}`,
      `cannot start ${run.spawnError.path ?? 'the command'}: ${missing ? 'not found' : run.spawnError.message}`,
    );
  }
  if (run.timedOut) {
    return failed(
      context.timeoutRecoverable,
      `operation timed out after ${context.timeoutSeconds}s (its timeout); the process was killed`,
      tail(run),
    );
  }
  if (run.cancelled) return failed(false, 'the workflow was cancelled; the process was killed', tail(run));
  const verdict = outcome.verdict();
  if (verdict.kind === 'illegal') return failed(false, ONLY_ONCE_MESSAGE);
  if (run.exitCode !== 0 && !outcome.stopped) {
    return failed(true, `command: ${context.command}, exit_code: ${run.exitCode}`, tail(run));
  }
  if (verdict.kind === 'abort') return failed(false, pythonStr(verdict.message));
  if (verdict.kind === 'retry') {
    const retryAfter = retryAfterSeconds(verdict.retryAfter);
    return {
      status: 'retry',
      message: verdict.message === null || verdict.message === undefined ? '' : pythonStr(verdict.message),
      ...(retryAfter === undefined ? {} : { retryAfter }),
    };
  }
  return verdict.value === null || verdict.value === undefined
    ? { status: 'succeeded' }
    : { status: 'succeeded', value: verdict.value };
}
