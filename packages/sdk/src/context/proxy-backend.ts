// The ctx-proxy transport: a plugin process talking to Cloudify's script runner (or cloudify-local)
// through CTX_SOCKET_URL. Requests after start-up go out one at a time, in the order the operation
// made them, so log lines and saves reach the other side in order.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { HttpError, NonRecoverableError } from '../errors.js';
import { CtxProxyError, type CtxProxyClient } from '../proxy/client.js';
import type { ContextBackend, LogLevel, RuntimePropertiesChange, SaveOptions } from './backend.js';
import type { InstanceSubject } from './data.js';
import { checkTemplateVariables } from './render.js';
import type { Properties } from './types.js';

/** Downloads may take a while on a manager (the file server); plain requests may not. */
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

const HTTP_EXCEPTION = /^(\d{3}) \((.*)\) : ([\s\S]*)$/;

/**
 * A proxy `error` reply as the error the operation should see: Cloudify's NonRecoverableError and
 * HttpException keep their meaning (fail, no retry); anything else stays a recoverable CtxProxyError.
 */
export function operationError(error: unknown): unknown {
  if (!(error instanceof CtxProxyError)) return error;
  if (error.type === 'HttpException') {
    const match = HTTP_EXCEPTION.exec(error.message);
    if (match) return new HttpError(match[2] ?? '', Number(match[1]), match[3] ?? '', { cause: error });
  }
  if (error.type === 'NonRecoverableError' || error.type === 'HttpException') {
    return new NonRecoverableError(error.message, { cause: error });
  }
  return error;
}

function instancePath(subject: InstanceSubject): string[] {
  return subject === 'instance' ? ['instance'] : [subject, 'instance'];
}

export class ProxyBackend implements ContextBackend {
  readonly #client: CtxProxyClient;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(client: CtxProxyClient) {
    this.#client = client;
  }

  log(level: LogLevel, message: string): void {
    void this.#enqueue(() => this.#client.call(['logger', level, message])).catch((error: unknown) => {
      // The line must not be lost: stderr ends up in Cloudify's log too.
      process.stderr.write(
        `${level.toUpperCase()}: ${message}\n(could not log through the ctx proxy: ${String(error)})\n`,
      );
    });
  }

  async flush(): Promise<void> {
    await this.#queue.catch(() => undefined);
  }

  async saveRuntimeProperties(
    subject: InstanceSubject,
    change: RuntimePropertiesChange,
    options: SaveOptions,
  ): Promise<void> {
    const path = [...instancePath(subject), 'runtime_properties'];
    // `update` with a dict (and a trailing {} so the dict is not taken as keyword arguments) and
    // `pop` by key: a key is never taken as a dotted path, and nested changes are saved whole.
    if (Object.keys(change.set).length > 0) await this.#request([...path, 'update', change.set, {}]);
    for (const key of change.deleted) await this.#request([...path, 'pop', key]);
    if (options.persist) await this.#request([...instancePath(subject), 'update']);
  }

  async loadRuntimeProperties(subject: InstanceSubject): Promise<Properties> {
    await this.#request([...instancePath(subject), 'refresh', true]);
    const loaded = await this.#request([...instancePath(subject), 'runtime_properties']);
    return typeof loaded === 'object' && loaded !== null && !Array.isArray(loaded)
      ? (loaded as Properties)
      : {};
  }

  isConflict(error: unknown): boolean {
    const cause = error instanceof Error && error.cause instanceof CtxProxyError ? error.cause : error;
    return (
      cause instanceof CtxProxyError &&
      (/conflict/i.test(`${cause.type} ${cause.message}`) || /\b409\b/.test(cause.message))
    );
  }

  retryRequested(): void {
    // The process entry reports the retry (retry_operation) once the operation has ended.
  }

  async getResource(path: string): Promise<Buffer> {
    return this.#fetchFile('download_resource', path, {});
  }

  async getResourceAndRender(path: string, variables: Properties): Promise<Buffer> {
    return this.#fetchFile('download_resource_and_render', path, renderOptions(variables));
  }

  async downloadResource(path: string, targetPath: string | undefined): Promise<string> {
    return this.#download(
      'download_resource',
      path,
      targetPath === undefined ? {} : { target_path: targetPath },
    );
  }

  async downloadResourceAndRender(
    path: string,
    targetPath: string | undefined,
    variables: Properties,
  ): Promise<string> {
    const options = {
      ...(targetPath === undefined ? {} : { target_path: targetPath }),
      ...renderOptions(variables),
    };
    return this.#download('download_resource_and_render', path, options);
  }

  /** Downloads into a folder of our own, reads the file and removes the folder. */
  async #fetchFile(method: string, path: string, options: Properties): Promise<Buffer> {
    const directory = await mkdtemp(join(tmpdir(), 'cloudify-resource-'));
    try {
      const downloaded = await this.#download(method, path, {
        target_path: join(directory, basename(path)),
        ...options,
      });
      return await readFile(downloaded);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  async #download(method: string, path: string, options: Properties): Promise<string> {
    const args = Object.keys(options).length > 0 ? [method, path, options] : [method, path];
    const downloaded = await this.#request(args, DOWNLOAD_TIMEOUT_MS);
    if (typeof downloaded !== 'string') {
      throw new NonRecoverableError(
        `${method} ${path}: the ctx proxy answered ${JSON.stringify(downloaded)}, not a file path`,
      );
    }
    return downloaded;
  }

  #request(args: unknown[], timeoutMs?: number): Promise<unknown> {
    return this.#enqueue(async () => {
      try {
        return await this.#client.call(args, timeoutMs === undefined ? undefined : { timeoutMs });
      } catch (error) {
        throw operationError(error);
      }
    });
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task, task);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}

function renderOptions(variables: Properties): Properties {
  checkTemplateVariables(variables);
  return Object.keys(variables).length > 0 ? { template_variables: variables } : {};
}
