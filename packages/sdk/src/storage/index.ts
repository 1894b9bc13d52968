// Storage of local deployments: in memory for tests, files by default.
export { createMemoryStorage } from './memory-storage.js';
export { createFileStorage, type FileStorageOptions } from './file-storage.js';
export * from './types.js';
