// The ambient ctx (`import { ctx } from 'cloudify-plugin-sdk'`), Cloudify's thread-local
// `current_ctx` done with AsyncLocalStorage: each operation, and everything it awaits or
// schedules, sees its own ctx, even when operations run concurrently in one process.
import { AsyncLocalStorage } from 'node:async_hooks';
import { NonRecoverableError } from '../errors.js';
import type { CloudifyContext } from './types.js';

// One store per process, even if several copies of the SDK are loaded (a bundle and its tests).
const STORE_KEY = Symbol.for('cloudify-plugin-sdk.current-context');
const holder = globalThis as typeof globalThis & { [STORE_KEY]?: AsyncLocalStorage<CloudifyContext> };
const storage = (holder[STORE_KEY] ??= new AsyncLocalStorage<CloudifyContext>());

/** Runs `fn` with `context` as the ambient ctx (the seed's `current_ctx.set(ctx)` … `clear()`). */
export function withCtx<T>(context: CloudifyContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The ctx of the operation running in the current async scope, if any. */
export function currentCtx(): CloudifyContext | undefined {
  return storage.getStore();
}

function requireCurrentCtx(): CloudifyContext {
  const context = storage.getStore();
  if (!context) {
    throw new NonRecoverableError(
      'No Cloudify context: call this inside an operation, or in tests use withCtx(mock, fn)',
    );
  }
  return context;
}

/**
 * The ctx of the running operation, resolved on every member access. Methods stay bound to the
 * real ctx, so `const { logger } = ctx` inside an operation works.
 */
export const ctx: CloudifyContext = new Proxy({} as CloudifyContext, {
  get(_, property) {
    const context = requireCurrentCtx();
    const value: unknown = Reflect.get(context, property, context);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(context) : value;
  },
  has(_, property) {
    return property in requireCurrentCtx();
  },
  set() {
    throw new NonRecoverableError('ctx is read-only: change ctx.instance.runtimeProperties instead');
  },
});
