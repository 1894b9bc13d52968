// A Python exception as Cloudify's ctx proxy reports it: the error payload carries the exception
// class name (`type`) and `str(e)` (`message`). The local proxy raises these so that scripts see
// exactly what they would see on a manager.

export class PythonError extends Error {
  constructor(
    /** The Python exception class name, e.g. `RuntimeError`, `NonRecoverableError`. */
    readonly pythonType: string,
    message: string,
  ) {
    super(message);
    this.name = pythonType;
  }
}

export const nonRecoverableError = (message: string): PythonError =>
  new PythonError('NonRecoverableError', message);

export const typeError = (message: string): PythonError => new PythonError('TypeError', message);

/** Maps a Node.js file-system error to the OSError subclass Python raises for it. */
export function pythonErrorFromNodeError(error: unknown): PythonError | undefined {
  if (!(error instanceof Error) || !('code' in error) || !('path' in error)) return undefined;
  const path = String(error.path);
  const known: Record<string, [string, number, string]> = {
    ENOENT: ['FileNotFoundError', 2, 'No such file or directory'],
    EACCES: ['PermissionError', 13, 'Permission denied'],
    EISDIR: ['IsADirectoryError', 21, 'Is a directory'],
    ENOTDIR: ['NotADirectoryError', 20, 'Not a directory'],
  };
  const match = known[String(error.code)];
  if (!match) return undefined;
  const [type, errno, text] = match;
  return new PythonError(type, `[Errno ${errno}] ${text}: '${path}'`);
}
