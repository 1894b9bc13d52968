// A failed operation as the executor reports it; thrown by the steps before and around the script
// run and turned into an OperationResult in one place.
import type { OperationResult } from './types.js';

export class OperationFailure extends Error {
  constructor(
    message: string,
    /** false: the workflow must not retry (Cloudify's NonRecoverableError). */
    readonly recoverable: boolean,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'OperationFailure';
  }

  toResult(): OperationResult {
    return {
      status: 'failed',
      recoverable: this.recoverable,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export const nonRecoverable = (message: string, details?: string): OperationFailure =>
  new OperationFailure(message, false, details);

export const recoverable = (message: string, details?: string): OperationFailure =>
  new OperationFailure(message, true, details);
