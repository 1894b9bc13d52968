// What a script asked for through the proxy: `ctx returns`, `ctx abort_operation`,
// `ctx retry_operation` (script_runner/tasks.py `process_execution`: only one of them, once) and
// `ctx operation retry` (OperationContext.retry, which may be called any number of times).
import { ScriptException } from './protocol.js';
import { PythonError } from './python/errors.js';

export const ONLY_ONCE_MESSAGE = 'ctx may only abort or return once';

export type ScriptVerdict =
  /** returns/abort/retry used more than once: Cloudify fails the task with NonRecoverableError. */
  | { kind: 'illegal' }
  | { kind: 'abort'; message: unknown }
  | { kind: 'retry'; message: unknown; retryAfter: unknown }
  | { kind: 'returned'; value: unknown };

export class ScriptOutcome {
  /** Python's `ctx._return_value`: null is None (nothing returned yet). */
  private returnValue: unknown = null;
  private illegal = false;
  private operationRetry: { message: unknown; retryAfter: unknown } | undefined;

  private claim(): void {
    if (this.illegal || this.returnValue !== null) {
      this.illegal = true;
      throw new PythonError('RuntimeError', ONLY_ONCE_MESSAGE);
    }
  }

  returns(value: unknown): void {
    this.claim();
    this.returnValue = value;
  }

  abort(message: unknown): ScriptException {
    this.claim();
    const stop = new ScriptException(message, false);
    this.returnValue = stop;
    return stop;
  }

  retryOperation(message: unknown, retryAfter: unknown): ScriptException {
    this.claim();
    const stop = new ScriptException(message, true);
    this.returnValue = stop;
    this.operationRetry = { message, retryAfter };
    return stop;
  }

  /** `ctx.operation.retry(message, retry_after)`: recorded, acted on after the script ends. */
  requestRetry(message: unknown, retryAfter: unknown): void {
    this.operationRetry = { message, retryAfter };
  }

  /** True once abort_operation or retry_operation was called (a non-zero exit is then expected). */
  get stopped(): boolean {
    return this.returnValue instanceof ScriptException;
  }

  verdict(): ScriptVerdict {
    if (this.illegal) return { kind: 'illegal' };
    if (this.returnValue instanceof ScriptException && !this.returnValue.retry) {
      return { kind: 'abort', message: this.returnValue.message };
    }
    if (this.operationRetry) return { kind: 'retry', ...this.operationRetry };
    return { kind: 'returned', value: this.returnValue };
  }
}
