// Runs the cloudify-local CLI as a real process (from its TypeScript source, through tsx).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../src/cli/cloudify-local.ts', import.meta.url));
const TSX = import.meta.resolve('tsx/esm');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  timeoutMs?: number;
  /** Called with each chunk of stdout and the running child, e.g. to interrupt it. */
  onStdout?: (chunk: string, child: ChildProcess) => void;
}

export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(chunk, child);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the CLI's `main` in this process (fast): for option handling; paths must be absolute. */
export async function runMain(args: string[]): Promise<CliResult> {
  const { main } = await import('../../src/cli/cloudify-local.js');
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    out: (text) => (stdout += `${text}\n`),
    err: (text) => (stderr += `${text}\n`),
  });
  return { code, stdout, stderr };
}
