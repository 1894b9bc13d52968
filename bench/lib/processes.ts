// Runs the commands being measured: stdin closed (as in CI), output captured for error reports,
// wall time from spawn to exit, and nothing left running if the benchmark is interrupted.
import { spawn } from 'node:child_process';

export interface CommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Default 5 minutes. */
  timeoutMs?: number;
}

export interface CommandResult {
  elapsedMs: number;
  stdout: string;
  stderr: string;
}

/** A measured command failed: says which, where, how it ended and the end of its output. */
export class CommandError extends Error {
  override name = 'CommandError';
}

const running = new Set<number>();
let hooksInstalled = false;

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** On Ctrl-C or a crash, the process groups still running go with us. */
function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => running.forEach(killGroup));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      running.forEach(killGroup);
      process.exit(130);
    });
  }
}

const tail = (text: string, lines = 15): string => text.trimEnd().split('\n').slice(-lines).join('\n');

export function quoteCommand(file: string, args: readonly string[]): string {
  return [file, ...args]
    .map((w) => (/^[\w./:=@+-]+$/.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`))
    .join(' ');
}

export function runCommand(
  file: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandResult> {
  installHooks();
  const display = quoteCommand(file, args);
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout or Ctrl-C takes its children (npm's scripts) too.
      detached: true,
    });
    const pid = child.pid;
    if (pid !== undefined) running.add(pid);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => pid !== undefined && killGroup(pid), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new CommandError(`cannot start ${display} (in ${options.cwd}): ${error.message}`));
    });
    child.on('close', (code, signal) => {
      const elapsedMs = performance.now() - started;
      clearTimeout(timer);
      if (pid !== undefined) running.delete(pid);
      if (code === 0) {
        resolve({ elapsedMs, stdout, stderr });
        return;
      }
      const how = signal
        ? `was killed (${signal}${elapsedMs >= timeoutMs ? `, timeout ${timeoutMs} ms` : ''})`
        : `exited with ${code}`;
      reject(
        new CommandError(
          `${display} ${how} (in ${options.cwd}):\n${tail(stderr) || tail(stdout) || '(no output)'}`,
        ),
      );
    });
  });
}
