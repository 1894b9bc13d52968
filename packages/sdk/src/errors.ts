// The errors an operation throws to tell Cloudify how it ended (cloudify/exceptions.py).
//
// The rule, as in Cloudify's dispatcher: NonRecoverableError fails the task at once;
// RecoverableError and OperationRetry ask for another attempt (after `retryAfter` seconds when
// given); ANY OTHER thrown value is treated as recoverable, so the task is retried until its
// retries run out. Throw NonRecoverableError for mistakes a retry cannot fix.
//
// `instanceof` works across copies of the SDK (a bundled plugin next to a test's copy, or two
// realms): each error carries its kinds under a registry symbol and the classes check that.

const KINDS = Symbol.for('cloudify-plugin-sdk.error-kinds');

type ErrorKind = 'NonRecoverableError' | 'RecoverableError' | 'OperationRetry' | 'HttpError';

/** One entry of an error's `causes`, in Cloudify's format. */
export interface ErrorCause {
  message: string;
  type: string;
  traceback?: string;
}

export interface ErrorOptions {
  /** Underlying errors, reported with the failure (Cloudify's `causes`). */
  causes?: readonly (ErrorCause | Error)[];
  /** Standard `Error.cause`. */
  cause?: unknown;
}

export interface RecoverableErrorOptions extends ErrorOptions {
  /** Seconds to wait before the next attempt; overrides the workflow's retry interval. */
  retryAfter?: number;
}

function hasKind(value: unknown, kind: ErrorKind): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const kinds = (value as { [KINDS]?: unknown })[KINDS];
  return Array.isArray(kinds) && kinds.includes(kind);
}

function brand(error: Error, kinds: readonly ErrorKind[], name: string): void {
  Object.defineProperty(error, KINDS, { value: kinds, enumerable: false, configurable: true });
  Object.defineProperty(error, 'name', {
    value: name,
    enumerable: false,
    writable: true,
    configurable: true,
  });
}

function toCause(cause: ErrorCause | Error): ErrorCause {
  if (!(cause instanceof Error)) return { ...cause };
  return {
    message: cause.message,
    type: cause.name,
    ...(cause.stack === undefined ? {} : { traceback: cause.stack }),
  };
}

function superOptions(options: ErrorOptions | undefined): { cause?: unknown } | undefined {
  return options && 'cause' in options ? { cause: options.cause } : undefined;
}

function checkRetryAfter(retryAfter: number | undefined): void {
  if (retryAfter === undefined) return;
  if (typeof retryAfter !== 'number' || !Number.isFinite(retryAfter) || retryAfter < 0) {
    throw new TypeError(
      `retryAfter must be a number of seconds >= 0, got ${String(retryAfter)} (${typeof retryAfter})`,
    );
  }
}

/** Fails the operation at once: the workflow does not retry it. */
export class NonRecoverableError extends Error {
  readonly causes: ErrorCause[];

  constructor(message = '', options?: ErrorOptions) {
    super(message, superOptions(options));
    brand(this, ['NonRecoverableError'], 'NonRecoverableError');
    this.causes = (options?.causes ?? []).map(toCause);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasKind(value, 'NonRecoverableError');
  }
}

/**
 * Fails this attempt and asks for another one (also what any unknown error means). With
 * `retryAfter`, the message gets ` [retry_after=N]` appended, as Cloudify does.
 */
export class RecoverableError extends Error {
  readonly retryAfter: number | undefined;
  /** The message as given, without the ` [retry_after=N]` suffix. */
  readonly reason: string;
  readonly causes: ErrorCause[];

  constructor(message = '', options?: RecoverableErrorOptions) {
    checkRetryAfter(options?.retryAfter);
    const retryAfter = options?.retryAfter;
    const suffix = retryAfter === undefined ? '' : `[retry_after=${retryAfter}]`;
    super(suffix && !message.includes(suffix) ? `${message} ${suffix}` : message, superOptions(options));
    brand(this, ['RecoverableError'], 'RecoverableError');
    this.retryAfter = retryAfter;
    this.reason = message;
    this.causes = (options?.causes ?? []).map(toCause);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasKind(value, 'RecoverableError');
  }
}

/** What `ctx.operation.retry()` throws: the task is rescheduled rather than failed. */
export class OperationRetry extends RecoverableError {
  constructor(message = '', options?: RecoverableErrorOptions) {
    super(message, options);
    brand(this, ['RecoverableError', 'OperationRetry'], 'OperationRetry');
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasKind(value, 'OperationRetry');
  }
}

/** An HTTP failure (Cloudify's HttpException); non-recoverable. Message: `<code> (<url>) : <message>`. */
export class HttpError extends NonRecoverableError {
  readonly url: string;
  readonly code: number;
  /** The underlying reason, without the code and URL. */
  readonly reason: string;

  constructor(url: string, code: number, message: string, options?: ErrorOptions) {
    super(`${code} (${url}) : ${message}`, options);
    brand(this, ['NonRecoverableError', 'HttpError'], 'HttpError');
    this.url = url;
    this.code = code;
    this.reason = message;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasKind(value, 'HttpError');
  }
}

export function isNonRecoverableError(error: unknown): error is NonRecoverableError {
  return hasKind(error, 'NonRecoverableError');
}

export function isRecoverableError(error: unknown): error is RecoverableError {
  return hasKind(error, 'RecoverableError');
}

export function isOperationRetry(error: unknown): error is OperationRetry {
  return hasKind(error, 'OperationRetry');
}

/** Turns anything thrown into an Error (a thrown string keeps its text). */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'string') return new Error(thrown);
  let text: string;
  try {
    text = JSON.stringify(thrown) ?? String(thrown);
  } catch {
    text = String(thrown);
  }
  return new Error(`non-Error value thrown: ${text}`);
}
