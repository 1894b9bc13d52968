// Running real node processes in tests.
import { spawn } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Killed after this long (its code is then null). */
  timeoutMs?: number;
}

/** Runs `file` with stdin closed; resolves with its exit code and output once it has ended. */
export function runCommand(file: string, args: string[], options: RunOptions = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs this Node.js with `args`. */
export function runNode(args: string[], options: RunOptions = {}): Promise<ProcessResult> {
  return runCommand(process.execPath, args, options);
}

/** An environment without any inherited CTX_SOCKET_URL. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('CTX_SOCKET_URL' in extra)) delete env['CTX_SOCKET_URL'];
  return env;
}
