// Measurements that must happen inside a process of their own (a cold start, a process tree of its
// own) run in bench/workers/<name>.ts. A worker prints progress on stderr and its result as one
// JSON line, the last line of its stdout.
import { fileURLToPath } from 'node:url';
import { runCommand } from './processes.js';

const WORKERS = fileURLToPath(new URL('../workers/', import.meta.url));
// Absolute: workers run in scratch folders, where `tsx/esm` would not resolve.
const TSX_LOADER = import.meta.resolve('tsx/esm');

export async function runWorker<T>(
  name: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<T> {
  const { stdout } = await runCommand(
    process.execPath,
    ['--import', TSX_LOADER, `${WORKERS}${name}.ts`, ...args],
    options,
  );
  const last = stdout.trimEnd().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new Error(
      `bench worker ${name} printed no JSON result; its output ended with:\n${stdout.slice(-2000)}`,
    );
  }
}

/** In a worker: the result line. */
export function reportResult(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
