/**
 * A mistake in what the user asked for (a flag, an answer, the target folder). Front doors print
 * only its message, without a stack trace, and exit with code 2.
 */
export class UsageError extends Error {
  readonly exitCode = 2;
  /** yo exits with `error.code` (see ExitStatus). */
  readonly code = 2;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function isUsageError(error: unknown): error is UsageError {
  return error instanceof Error && error.name === 'UsageError';
}

/** Ctrl+C (or a closed input) at a prompt: Inquirer's way of saying the user left. */
export function isPromptCancelled(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

/**
 * The run finished and has already said why it ends this way (conflicts left to resolve, an update
 * available under --check). Front doors print the message and exit with `exitCode`; yo exits with
 * `error.code` (its lib/cli.js onError), so `code` carries the same number.
 */
export class ExitStatus extends Error {
  readonly code: number;

  constructor(
    readonly exitCode: 1 | 2,
    message: string,
  ) {
    super(message);
    this.name = 'ExitStatus';
    this.code = exitCode;
  }
}

export function isExitStatus(error: unknown): error is ExitStatus {
  return error instanceof Error && error.name === 'ExitStatus';
}
