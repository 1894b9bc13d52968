// The machine a run came from, printed above the tables and recorded in BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // Not Linux: fall back on what Node knows.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function npmVersion(): string {
  try {
    return execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export function describeMachine(): string[] {
  const load = os.loadavg().map((l) => l.toFixed(2));
  return [
    `- CPU: ${os.availableParallelism()} × ${cpuModel()}`,
    `- memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${os.type()} ${os.release()} (${os.arch()})`,
    `- Node.js ${process.version}, npm ${npmVersion()}`,
    `- load average: ${load.join(', ')} (1, 5, 15 min)`,
    `- date: ${new Date().toISOString()}`,
  ];
}

export function loadAverage(): string {
  return os.loadavg()[0]!.toFixed(2);
}
