// The in-memory transport behind the mocks: runtime properties kept in an in-memory "storage",
// resources from a map, rendering done here (on a manager the server renders), and hooks that let
// the mock record what happened.
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix } from 'node:path';
import { NonRecoverableError } from '../errors.js';
import type { ContextBackend, LogLevel, RuntimePropertiesChange } from './backend.js';
import type { InstanceSubject } from './data.js';
import { renderResource } from './render.js';
import type { CloudifyContext, Properties } from './types.js';

export interface MemoryBackendHooks {
  log(level: LogLevel, message: string): void;
  saved(subject: InstanceSubject, runtimeProperties: Properties): void;
  retryRequested(message: string, retryAfter: number | undefined): void;
}

const temporaryDirectories = new Set<string>();

function removeTemporaryDirectories(): void {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
}

async function temporaryFile(resourcePath: string): Promise<string> {
  if (temporaryDirectories.size === 0) process.once('exit', removeTemporaryDirectories);
  const directory = await mkdtemp(join(tmpdir(), 'cloudify-resource-'));
  temporaryDirectories.add(directory);
  return join(directory, basename(resourcePath));
}

export class MemoryBackend implements ContextBackend {
  readonly #resources: Map<string, Buffer>;
  readonly #stored: Partial<Record<InstanceSubject, Properties>>;
  readonly #hooks: MemoryBackendHooks;

  constructor(
    resources: Record<string, string | Buffer>,
    stored: Partial<Record<InstanceSubject, Properties>>,
    hooks: MemoryBackendHooks,
  ) {
    this.#resources = new Map(
      Object.entries(resources).map(([path, content]) => [
        posix.normalize(path),
        typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
      ]),
    );
    this.#stored = structuredClone(stored);
    this.#hooks = hooks;
  }

  log(level: LogLevel, message: string): void {
    this.#hooks.log(level, message);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  saveRuntimeProperties(subject: InstanceSubject, change: RuntimePropertiesChange): Promise<void> {
    const stored = (this.#stored[subject] ??= {});
    Object.assign(stored, structuredClone(change.set));
    for (const key of change.deleted) delete stored[key];
    this.#hooks.saved(subject, structuredClone(stored));
    return Promise.resolve();
  }

  loadRuntimeProperties(subject: InstanceSubject): Promise<Properties> {
    return Promise.resolve(structuredClone(this.#stored[subject] ?? {}));
  }

  isConflict(): boolean {
    return false;
  }

  retryRequested(message: string, retryAfter: number | undefined): void {
    this.#hooks.retryRequested(message, retryAfter);
  }

  getResource(path: string): Promise<Buffer> {
    return new Promise((resolve) => resolve(Buffer.from(this.#find(path))));
  }

  async getResourceAndRender(path: string, variables: Properties, ctx: CloudifyContext): Promise<Buffer> {
    return renderResource(this.#find(path), variables, ctx);
  }

  async downloadResource(path: string, targetPath: string | undefined): Promise<string> {
    return this.#write(path, targetPath, this.#find(path));
  }

  async downloadResourceAndRender(
    path: string,
    targetPath: string | undefined,
    variables: Properties,
    ctx: CloudifyContext,
  ): Promise<string> {
    return this.#write(path, targetPath, await renderResource(this.#find(path), variables, ctx));
  }

  async #write(path: string, targetPath: string | undefined, content: Buffer): Promise<string> {
    const target = targetPath ?? (await temporaryFile(path));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    return target;
  }

  #find(path: string): Buffer {
    const content = this.#resources.get(posix.normalize(path));
    if (content) return content;
    const known = [...this.#resources.keys()];
    throw new NonRecoverableError(
      `Resource not found: ${path} (${known.length ? `known resources: ${known.join(', ')}` : 'no resources given'}; ` +
        'add it to the resources option of MockCloudifyContext)',
    );
  }
}
