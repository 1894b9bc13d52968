// The one implementation of the ctx API (types.ts), over any ContextBackend.
import { NonRecoverableError, OperationRetry } from '../errors.js';
import type { ContextBackend } from './backend.js';
import { unwrap, unwrapOptional, type ContextData, type OperationData } from './data.js';
import { CONTEXT_OBJECT } from './render.js';
import type {
  CloudifyContext,
  ContextType,
  Logger,
  NodeContext,
  NodeInstanceContext,
  OperationContext,
  OperationInputs,
  Properties,
  RelationshipSubjectContext,
} from './types.js';
import { SubjectView } from './views.js';

/** Saves every instance's runtime-property changes; what the operation wrapper calls at the end. */
export const SAVE_RUNTIME_PROPERTIES = Symbol.for('cloudify-plugin-sdk.save-runtime-properties');
/** The inputs the context was created with. */
export const CONTEXT_INPUTS = Symbol.for('cloudify-plugin-sdk.context-inputs');
/** Waits until log lines and other queued work have reached the backend. */
export const FLUSH = Symbol.for('cloudify-plugin-sdk.flush');

const DEFAULT_RETRY_MESSAGE = 'Operation retry requested';

class OperationView implements OperationContext {
  readonly [CONTEXT_OBJECT] = true;
  readonly #data: OperationData;
  readonly #backend: ContextBackend;

  constructor(data: OperationData, backend: ContextBackend) {
    this.#data = data;
    this.#backend = backend;
  }

  get name(): string {
    return unwrap(this.#data.name);
  }

  get retryNumber(): number {
    return unwrap(this.#data.retryNumber);
  }

  get maxRetries(): number {
    return unwrap(this.#data.maxRetries);
  }

  get relationship(): 'source' | 'target' | undefined {
    return unwrapOptional(this.#data.relationship);
  }

  retry(message: string = DEFAULT_RETRY_MESSAGE, retryAfter?: number): never {
    const retry = new OperationRetry(message, retryAfter === undefined ? {} : { retryAfter });
    this.#backend.retryRequested(message, retryAfter);
    throw retry;
  }
}

function createLogger(backend: ContextBackend): Logger {
  const line = (message: unknown): string => (typeof message === 'string' ? message : String(message));
  return Object.freeze({
    debug: (message: string) => backend.log('debug', line(message)),
    info: (message: string) => backend.log('info', line(message)),
    warn: (message: string) => backend.log('warning', line(message)),
    error: (message: string) => backend.log('error', line(message)),
  });
}

function wrongContext(members: string, required: ContextType, actual: ContextType): NonRecoverableError {
  return new NonRecoverableError(
    `${members} can only be used in a ${required} context but used in a ${actual} context.`,
  );
}

export class Context implements CloudifyContext {
  readonly [CONTEXT_OBJECT] = true;
  readonly operation: OperationContext;
  readonly logger: Logger;
  readonly deployment: { readonly id: string };
  readonly blueprint: { readonly id: string };
  readonly plugin: { readonly name: string };
  readonly #data: ContextData;
  readonly #backend: ContextBackend;
  readonly #self: SubjectView | undefined;
  readonly #source: SubjectView | undefined;
  readonly #target: SubjectView | undefined;

  constructor(data: ContextData, backend: ContextBackend) {
    this.#data = data;
    this.#backend = backend;
    this.#self = data.self && new SubjectView(data.self, 'instance', backend);
    this.#source = data.source && new SubjectView(data.source, 'source', backend);
    this.#target = data.target && new SubjectView(data.target, 'target', backend);
    this.operation = new OperationView(data.operation, backend);
    this.logger = createLogger(backend);
    this.deployment = Object.freeze({
      [CONTEXT_OBJECT]: true,
      get id() {
        return unwrap(data.deploymentId);
      },
    });
    this.blueprint = Object.freeze({
      [CONTEXT_OBJECT]: true,
      get id() {
        return unwrap(data.blueprintId);
      },
    });
    this.plugin = Object.freeze({
      [CONTEXT_OBJECT]: true,
      get name() {
        return unwrap(data.pluginName);
      },
    });
  }

  get type(): ContextType {
    return this.#data.type;
  }

  get node(): NodeContext {
    return this.#nodeSubject().node;
  }

  get instance(): NodeInstanceContext {
    return this.#nodeSubject().instance;
  }

  get source(): RelationshipSubjectContext {
    return this.#relationshipSubject(this.#source);
  }

  get target(): RelationshipSubjectContext {
    return this.#relationshipSubject(this.#target);
  }

  get executionId(): string {
    return unwrap(this.#data.executionId);
  }

  get workflowId(): string {
    return unwrap(this.#data.workflowId);
  }

  getResource(path: string): Promise<Buffer> {
    return this.#backend.getResource(path);
  }

  getResourceAndRender(path: string, templateVariables?: Properties): Promise<Buffer> {
    return this.#backend.getResourceAndRender(path, templateVariables ?? {}, this);
  }

  downloadResource(path: string, targetPath?: string): Promise<string> {
    return this.#backend.downloadResource(path, targetPath);
  }

  downloadResourceAndRender(
    path: string,
    targetPath?: string,
    templateVariables?: Properties,
  ): Promise<string> {
    return this.#backend.downloadResourceAndRender(path, targetPath, templateVariables ?? {}, this);
  }

  get [CONTEXT_INPUTS](): OperationInputs {
    return this.#data.inputs;
  }

  /** Hands every instance's changes over; Cloudify's dispatcher does the same after each operation. */
  async [SAVE_RUNTIME_PROPERTIES](): Promise<void> {
    const subjects = [this.#self, this.#source, this.#target].filter((subject) => subject !== undefined);
    await Promise.all(subjects.map((subject) => subject.instance.save(false)));
  }

  [FLUSH](): Promise<void> {
    return this.#backend.flush();
  }

  #nodeSubject(): SubjectView {
    if (this.#data.type !== 'node-instance' || !this.#self) {
      throw wrongContext('ctx.node/ctx.instance', 'node-instance', this.#data.type);
    }
    return this.#self;
  }

  #relationshipSubject(subject: SubjectView | undefined): SubjectView {
    if (this.#data.type !== 'relationship-instance' || !subject) {
      throw wrongContext('ctx.source/ctx.target', 'relationship-instance', this.#data.type);
    }
    return subject;
  }
}

/** Whether `value` is a context made by this SDK (and not some other object with the same shape). */
export function isSdkContext(value: unknown): value is Context {
  return typeof value === 'object' && value !== null && SAVE_RUNTIME_PROPERTIES in value;
}
