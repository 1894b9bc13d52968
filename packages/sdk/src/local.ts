// cloudify-plugin-sdk/local: Cloudify's local workflows as a library (what `cfy_local` /
// `cloudify.workflows.local.init_env` are in Python). One implementation behind the
// cloudify-local CLI and the workflow test helper: init or load a deployment, execute
// workflows, read outputs and node instances.
import { resolve } from 'node:path';
import {
  createPlan,
  evaluateCapabilities,
  formatDslError,
  evaluateOutputs,
  evaluateRuntimeFunctions,
  loadBlueprint,
  validateBlueprint,
  type DslError,
} from './dsl/index.js';
import type { DeploymentPlan, RuntimeState } from './dsl/plan.js';
import type { OperationExecutor } from './executor/types.js';
import { createFileStorage } from './storage/index.js';
import {
  DeploymentNotFoundError,
  type DeploymentStorage,
  type Storage,
  type StoredExecution,
  type StoredNodeInstance,
} from './storage/types.js';
import type { WorkflowEvent } from './workflows/events.js';
import { executeWorkflow, type WorkflowSummary } from './workflows/run.js';

export { createPlan, formatDslError, loadBlueprint, validateBlueprint, type DslError } from './dsl/index.js';
export type * from './dsl/plan.js';
export type { WorkflowEvent } from './workflows/events.js';
export { formatEvent, formatSummary } from './workflows/event-format.js';
export {
  WorkflowCancelledError,
  WorkflowFailedError,
  WorkflowUsageError,
  formatFailure,
  type FailureKind,
  type TaskFailure,
} from './workflows/failures.js';
export { DEFAULT_PARALLELISM, type WorkflowSummary } from './workflows/run.js';
export { createFileStorage, createMemoryStorage } from './storage/index.js';
export {
  DeploymentExistsError,
  DeploymentLockedError,
  DeploymentNotFoundError,
  type DeploymentStorage,
  type NodeInstanceState,
  type Storage,
  type StoredExecution,
  type StoredNodeInstance,
} from './storage/types.js';

export const DEFAULT_DEPLOYMENT = 'local';
export const DEFAULT_STORAGE_DIR = '.cloudify-local';
/**
 * Cloudify's local defaults are -1 (retry forever) and 30 s, which make a failing local run hang;
 * cloudify-local retries an operation 5 times, 5 s apart, unless told otherwise.
 */
export const DEFAULT_TASK_RETRIES = 5;
export const DEFAULT_RETRY_INTERVAL = 5;

export interface EnvironmentOptions {
  /** Deployment name (also the blueprint id, as in Cloudify's local mode). Default `local`. */
  name?: string;
  /** Where deployments live; default: files in `storageDir`. */
  storage?: Storage;
  /** Folder of the default file storage; default `.cloudify-local` in the working folder. */
  storageDir?: string;
  /** Runs the operations; default: the SDK's script executor, closed with the environment. */
  executor?: OperationExecutor;
}

export interface InitOptions extends EnvironmentOptions {
  /** Path of the blueprint file. */
  blueprint: string;
  inputs?: Record<string, unknown>;
  /** Replace a deployment of the same name (its recorded state is lost). */
  replace?: boolean;
}

export interface ExecuteOptions {
  parameters?: Record<string, unknown>;
  allowCustomParameters?: boolean;
  /** Default 5 (see DEFAULT_TASK_RETRIES); -1 retries forever. */
  taskRetries?: number;
  /** Seconds; default 5. */
  retryInterval?: number;
  /** Operations at the same time; default 8. */
  parallelism?: number;
  onEvent?: (event: WorkflowEvent) => void;
  signal?: AbortSignal;
}

/** The blueprint or its inputs are invalid: every error, each with file:line:col where known. */
export class BlueprintInvalidError extends Error {
  override name = 'BlueprintInvalidError';
  constructor(
    readonly blueprint: string,
    readonly errors: readonly DslError[],
  ) {
    const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
    const lines = errors.map((e) => `  ${formatDslError(e)}`);
    super([`${blueprint} is not a valid blueprint (${count}):`, ...lines].join('\n'));
  }
}

/** Every error of the blueprint (and of the inputs, when given); empty when it is valid. */
export function validate(blueprint: string, inputs?: Record<string, unknown>): Promise<DslError[]> {
  return validateBlueprint(resolve(blueprint), inputs);
}

/** Parses the blueprint, checks the inputs, builds the deployment plan: throws BlueprintInvalidError. */
export async function planDeployment(
  blueprint: string,
  inputs: Record<string, unknown> = {},
): Promise<DeploymentPlan> {
  const path = resolve(blueprint);
  const loaded = await loadBlueprint(path);
  if (!loaded.blueprint) throw new BlueprintInvalidError(path, loaded.errors);
  const { plan, errors } = createPlan(loaded.blueprint, inputs);
  if (!plan) throw new BlueprintInvalidError(path, errors);
  return plan;
}

function storageOf(options: EnvironmentOptions): Storage {
  return options.storage ?? createFileStorage(resolve(options.storageDir ?? DEFAULT_STORAGE_DIR));
}

/** Stores a new deployment of the blueprint (Cloudify's `init_env`) and opens it. */
export async function initEnvironment(options: InitOptions): Promise<LocalEnvironment> {
  const plan = await planDeployment(options.blueprint, options.inputs);
  const name = options.name ?? DEFAULT_DEPLOYMENT;
  const deployment = await storageOf(options).create(name, plan, { replace: options.replace ?? false });
  return new LocalEnvironment(deployment, options.executor);
}

/** Opens a deployment stored by an earlier `initEnvironment` (Cloudify's `load_env`). */
export async function loadEnvironment(options: EnvironmentOptions = {}): Promise<LocalEnvironment> {
  const storage = storageOf(options);
  const name = options.name ?? DEFAULT_DEPLOYMENT;
  const known = await storage.list();
  if (!known.includes(name)) {
    const where = options.storage
      ? 'in this storage'
      : `in ${resolve(options.storageDir ?? DEFAULT_STORAGE_DIR)}`;
    const others = known.length > 0 ? ` (deployments: ${known.join(', ')})` : '';
    throw new DeploymentNotFoundError(
      `no deployment named '${name}' ${where}${others}; create it with: cloudify-local init -b <blueprint>` +
        (name === DEFAULT_DEPLOYMENT ? '' : ` --name ${name}`),
    );
  }
  return new LocalEnvironment(await storage.open(name), options.executor);
}

/** An open local deployment. Close it (or `await using` it) to release its lock. */
export class LocalEnvironment implements AsyncDisposable {
  readonly #deployment: DeploymentStorage;
  readonly #ownsExecutor: boolean;
  #executor: OperationExecutor | undefined;

  constructor(deployment: DeploymentStorage, executor?: OperationExecutor) {
    this.#deployment = deployment;
    this.#executor = executor;
    this.#ownsExecutor = executor === undefined;
  }

  get name(): string {
    return this.#deployment.deploymentId;
  }

  get plan(): DeploymentPlan {
    return this.#deployment.plan;
  }

  get storage(): DeploymentStorage {
    return this.#deployment;
  }

  /** Runs a workflow; throws WorkflowFailedError (with every failure), WorkflowUsageError or WorkflowCancelledError. */
  async execute(workflow: string, options: ExecuteOptions = {}): Promise<WorkflowSummary> {
    // Loaded on first use: validate, outputs and instances never start the script executor.
    this.#executor ??= (await import('./executor/index.js')).createExecutor();
    return executeWorkflow({
      storage: this.#deployment,
      executor: this.#executor,
      workflow,
      taskRetries: options.taskRetries ?? DEFAULT_TASK_RETRIES,
      retryInterval: options.retryInterval ?? DEFAULT_RETRY_INTERVAL,
      evaluate: (value, scope, state) =>
        evaluateRuntimeFunctions(value, scope, state) as Record<string, unknown>,
      ...(options.parameters ? { parameters: options.parameters } : {}),
      ...(options.allowCustomParameters ? { allowCustomParameters: true } : {}),
      ...(options.parallelism !== undefined ? { parallelism: options.parallelism } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /**
   * The blueprint's outputs, evaluated now (get_attribute reads the recorded runtime properties).
   * An output that cannot be evaluated holds `<ERROR: message>`, as Cloudify shows it.
   */
  async outputs(): Promise<Record<string, unknown>> {
    return evaluateOutputs(this.plan, await this.#runtimeState()).values;
  }

  /** The blueprint's capabilities, evaluated like the outputs. */
  async capabilities(): Promise<Record<string, unknown>> {
    return evaluateCapabilities(this.plan, await this.#runtimeState()).values;
  }

  async #runtimeState(): Promise<RuntimeState> {
    const live = new Map((await this.#deployment.listInstances()).map((i) => [i.id, i.runtimeProperties]));
    return { plan: this.plan, runtimeProperties: (id) => live.get(id) ?? {} };
  }

  /** Node instances with their states and runtime properties, optionally of one node. */
  instances(nodeName?: string): Promise<StoredNodeInstance[]> {
    return this.#deployment.listInstances(nodeName);
  }

  executions(): Promise<StoredExecution[]> {
    return this.#deployment.listExecutions();
  }

  /** Releases the deployment's lock and stops the executor this environment started. */
  async close(): Promise<void> {
    try {
      if (this.#ownsExecutor) await this.#executor?.close();
    } finally {
      this.#executor = undefined;
      await this.#deployment.close();
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
