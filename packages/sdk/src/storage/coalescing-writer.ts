// Writes files so that a burst of updates to one file costs as few writes as possible: while a
// write of a file runs, later requests for it wait and share ONE following write of the latest
// content. Every request resolves only once content at least as new as its own is on disk.
import { writeFileAtomic } from './atomic-file.js';

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface Pending {
  /** Called at write time, so the newest content is written. */
  render(): string;
  waiters: Waiter[];
}

export class CoalescingWriter {
  private readonly pending = new Map<string, Pending>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly options: { fsync: boolean }) {}

  write(path: string, render: () => string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry = this.pending.get(path);
      if (entry) {
        entry.render = render;
        entry.waiters.push({ resolve, reject });
      } else {
        this.pending.set(path, { render, waiters: [{ resolve, reject }] });
      }
      if (!this.running.has(path)) this.running.set(path, this.drain(path));
    });
  }

  /** Resolves when no write is pending or running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  private async drain(path: string): Promise<void> {
    // Yield first, so `running` is set before the loop can finish.
    await Promise.resolve();
    try {
      for (let entry = this.pending.get(path); entry; entry = this.pending.get(path)) {
        this.pending.delete(path);
        try {
          await writeFileAtomic(path, entry.render(), this.options);
          for (const waiter of entry.waiters) waiter.resolve();
        } catch (error) {
          for (const waiter of entry.waiters) waiter.reject(error);
        }
      }
    } finally {
      this.running.delete(path);
    }
  }
}
