// Runs one script process: output line by line, a timeout and cancellation that kill the whole
// process group (a shell script's children too), and the tail of each stream for failure reports.
// Processes a script leaves running on purpose (a daemon started by `start`) are not touched once
// the script itself has exited.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { Invocation } from './command.js';

export interface ProcessRunOptions {
  invocation: Invocation;
  env: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  /** Between SIGTERM and SIGKILL when killing. */
  killGraceMs: number;
  signal?: AbortSignal;
  onLine(stream: 'out' | 'err', line: string): void;
}

export interface ProcessRunResult {
  pid?: number;
  /** As Python's Popen reports it: the exit status, or minus the signal number. */
  exitCode: number;
  timedOut: boolean;
  cancelled: boolean;
  spawnError?: NodeJS.ErrnoException;
  stdoutTail: string;
  stderrTail: string;
}

const TAIL_CHARS = 8192;
const MAX_LINE_CHARS = 1 << 20;
/** After the script exits, how long descendants holding its pipes may delay the end. */
const PIPE_GRACE_MS = 300;

/** Process groups of scripts still running: killed if this process exits first. */
const runningGroups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of runningGroups) killGroup(pid, 'SIGKILL');
  });
}

class LineReader {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  tail = '';

  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: Buffer): void {
    const text = this.decoder.write(chunk);
    this.tail = (this.tail + text).slice(-TAIL_CHARS);
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.emit(line.replace(/\r$/, ''));
    if (this.partial.length > MAX_LINE_CHARS) {
      this.emit(this.partial);
      this.partial = '';
    }
  }

  end(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest !== '') this.emit(rest.replace(/\r$/, ''));
  }
}

/**
 * A process the script left running may still hold its stdout/stderr. Closing our end would kill
 * it with SIGPIPE on its next write; instead its output is read and dropped, without keeping
 * this process alive for it.
 */
function keepDraining(stream: Readable & { unref?: () => void }): void {
  stream.removeAllListeners('data');
  stream.on('data', () => undefined);
  stream.on('error', () => undefined);
  stream.unref?.();
}

function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return signal ? -(constants.signals[signal] ?? 1) : -1;
}

export function runProcess(options: ProcessRunOptions): Promise<ProcessRunResult> {
  installExitHook();
  return new Promise((resolve) => {
    const { invocation, signal } = options;
    const child = spawn(invocation.file, invocation.args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const out = new LineReader((line) => options.onLine('out', line));
    const err = new LineReader((line) => options.onLine('err', line));
    let timedOut = false;
    let cancelled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let spawnError: NodeJS.ErrnoException | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    let finished = false;

    const terminate = () => {
      if (child.pid === undefined || exit) return;
      killGroup(child.pid, 'SIGTERM');
      killTimer ??= setTimeout(
        () => child.pid !== undefined && killGroup(child.pid, 'SIGKILL'),
        options.killGraceMs,
      );
    };
    const timeout =
      options.timeoutMs !== undefined && options.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            terminate();
          }, options.timeoutMs)
        : undefined;
    const onAbort = () => {
      cancelled = true;
      terminate();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();

    const finish = () => {
      if (finished) return;
      finished = true;
      if (child.pid !== undefined) runningGroups.delete(child.pid);
      clearTimeout(timeout);
      clearTimeout(killTimer);
      clearTimeout(graceTimer);
      signal?.removeEventListener('abort', onAbort);
      for (const stream of [child.stdout, child.stderr]) keepDraining(stream);
      out.end();
      err.end();
      resolve({
        pid: child.pid,
        exitCode: exit ? exitStatus(exit.code, exit.signal) : -1,
        timedOut,
        cancelled,
        spawnError,
        stdoutTail: out.tail,
        stderrTail: err.tail,
      });
    };

    if (child.pid !== undefined) runningGroups.add(child.pid);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError ??= error;
      if (child.pid === undefined) finish();
    });
    child.on('exit', (code, exitSignal) => {
      exit = { code, signal: exitSignal };
      if (child.pid !== undefined) runningGroups.delete(child.pid);
      graceTimer = setTimeout(finish, PIPE_GRACE_MS);
    });
    child.on('close', finish);
  });
}
