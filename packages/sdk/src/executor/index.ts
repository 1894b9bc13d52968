// The local executor of script operations.
export { createExecutor, type ExecutorOptions } from './executor.js';
export * from './types.js';
