// The benchmark's temporary folder: peers, generated projects and deployments all live under one
// root, removed when the run ends (also on Ctrl-C or a failure) unless it is asked to be kept.
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class Scratch {
  readonly root: string;
  #removed = false;

  constructor(keep: boolean) {
    this.root = mkdtempSync(join(tmpdir(), 'cloudify-bench-'));
    // yo drops root privileges to uid 1000 (reference/toolchain.md pitfall 1): it must reach our folders.
    chmodSync(this.root, 0o755);
    if (!keep) process.on('exit', () => this.remove());
  }

  /** A new folder under the root; `open` makes it writable by anyone (for yo's unprivileged user). */
  dir(name: string, open = false): string {
    const path = join(this.root, name);
    mkdirSync(path, { recursive: true, mode: open ? 0o777 : 0o755 });
    if (open) chmodSync(path, 0o777);
    return path;
  }

  remove(): void {
    if (this.#removed) return;
    this.#removed = true;
    rmSync(this.root, { recursive: true, force: true });
  }
}
