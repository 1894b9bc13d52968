// What the ctx implementation needs from a transport. Two exist: the ctx proxy (a real manager's
// script runner, or cloudify-local) and memory (the mocks). Everything else — change tracking,
// read-only properties, context-type checks, retries — lives once, in context.ts.
import type { InstanceSubject } from './data.js';
import type { CloudifyContext, Properties } from './types.js';

/** Cloudify's (Python) log level names, as the proxy's `logger` expects them. */
export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

/** The top-level keys of one instance's runtime properties that changed since the last save. */
export interface RuntimePropertiesChange {
  set: Properties;
  deleted: string[];
}

export interface SaveOptions {
  /**
   * Store now (`ctx.instance.update()`), not only hand the change over: on a manager the script
   * runner otherwise stores the change itself when the operation ends.
   */
  persist: boolean;
}

export interface ContextBackend {
  /** Emits one log line; may send it later, `flush()` waits until it is out. */
  log(level: LogLevel, message: string): void;
  /** Waits for log lines and other fire-and-forget work. */
  flush(): Promise<void>;
  saveRuntimeProperties(
    subject: InstanceSubject,
    change: RuntimePropertiesChange,
    options: SaveOptions,
  ): Promise<void>;
  /** The stored runtime properties; anything handed over but not stored is stored first. */
  loadRuntimeProperties(subject: InstanceSubject): Promise<Properties>;
  /** Whether a failed save lost a race with another writer (`update(onConflict)` then merges). */
  isConflict(error: unknown): boolean;
  /** Called when the operation asks for a retry, before OperationRetry is thrown. */
  retryRequested(message: string, retryAfter: number | undefined): void;
  getResource(path: string): Promise<Buffer>;
  getResourceAndRender(path: string, variables: Properties, ctx: CloudifyContext): Promise<Buffer>;
  downloadResource(path: string, targetPath: string | undefined): Promise<string>;
  downloadResourceAndRender(
    path: string,
    targetPath: string | undefined,
    variables: Properties,
    ctx: CloudifyContext,
  ): Promise<string>;
}
