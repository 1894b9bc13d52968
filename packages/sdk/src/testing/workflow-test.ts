// The workflow test helper: Cloudify's `workflow_test` for node:test, vitest or any runner.
// It copies the blueprint (with the plugin and resources) into a temporary folder, initialises
// a local deployment, hands the test an environment to execute workflows on, and afterwards
// runs `uninstall` if `install` ran (even when it failed) and removes the folder.
import { rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeploymentPlan } from '../dsl/plan.js';
import type { OperationExecutor } from '../executor/types.js';
import {
  initEnvironment,
  type ExecuteOptions,
  type LocalEnvironment,
  type WorkflowSummary,
} from '../local.js';
import { createMemoryStorage } from '../storage/index.js';
import type { DeploymentStorage, StoredNodeInstance } from '../storage/types.js';
import type { WorkflowEvent } from '../workflows/events.js';
import { runChecks, type Check } from './checks.js';
import { isBlueprintText, prepareTempBlueprint, type ResourceToCopy } from './temp-blueprint.js';

export type Inputs = Record<string, unknown>;

/** What an inputs function gets after its own `inputFuncArgs`. */
export interface InputsContext {
  /** The temporary blueprint folder. */
  dir: string;
  /** The folder relative paths were resolved from. */
  baseDir: string;
}

export interface WorkflowTestOptions {
  /** Blueprint path relative to the test file's folder (see `testFile` / `cwd`), or the blueprint's YAML text. */
  blueprint: string;
  /** The test file (`import.meta.url` or a path): relative paths start from its folder. */
  testFile?: string | URL;
  /** The folder relative paths start from, when `testFile` is not given. */
  cwd?: string;
  /** Walk up to the plugin's plugin.yaml and copy it, with the packaged plugin (dist/package/plugins/<name>/), next to the blueprint. */
  copyPluginYaml?: boolean;
  /** Files or folders to copy next to the blueprint: `path` or `[path, destinationFolder]`. */
  resourcesToCopy?: readonly ResourceToCopy[];
  /** Prefix of the temporary folder's name. */
  tempDirPrefix?: string;
  /** Deployment inputs, or a function returning them (called with `inputFuncArgs`, then an InputsContext). */
  inputs?: Inputs | ((...args: never[]) => Inputs | Promise<Inputs>);
  inputFuncArgs?: readonly unknown[];
  /** What Cloudify's init_env takes: the deployment name and (instead of `inputs`) the inputs. */
  initArgs?: { name?: string; inputs?: Inputs };
  /** Default for `execute`: 0, so a failing operation fails the test at once. */
  taskRetries?: number;
  /** Default for `execute`, in seconds: 1. */
  retryInterval?: number;
  parallelism?: number;
  /** The executor to run operations with (default: the SDK's script executor). */
  executor?: OperationExecutor;
  /** Called with every workflow event (the environment also keeps them in `events`). */
  onEvent?: (event: WorkflowEvent) => void;
  /** Run `uninstall` at cleanup when `install` ran; default true. */
  uninstallOnCleanup?: boolean;
  /** Keep the temporary folder for a look after the test (also with CLOUDIFY_KEEP_TEST_DIR=1). */
  keepTempDir?: boolean;
}

export interface WorkflowTestEnvironment extends AsyncDisposable {
  /** The temporary blueprint folder. */
  readonly dir: string;
  readonly blueprintPath: string;
  readonly name: string;
  readonly plan: DeploymentPlan;
  readonly storage: DeploymentStorage;
  /** Every event of every workflow executed so far. */
  readonly events: readonly WorkflowEvent[];
  /** Runs a workflow; throws WorkflowFailedError saying where each operation failed. */
  execute(workflow: string, options?: ExecuteOptions): Promise<WorkflowSummary>;
  outputs(): Promise<Record<string, unknown>>;
  instances(nodeName?: string): Promise<StoredNodeInstance[]>;
  /** The only instance of a node; throws when it has none or several. */
  instance(nodeName: string): Promise<StoredNodeInstance>;
  /** Runs every check and throws one CheckFailedError listing all mismatches. */
  check(...checks: Check[]): Promise<void>;
  /** Uninstalls (if install ran), closes the deployment, removes the folder. Idempotent. */
  dispose(): Promise<void>;
}

function baseDirOf(options: WorkflowTestOptions): string {
  if (options.testFile !== undefined) {
    const file =
      options.testFile instanceof URL || options.testFile.startsWith('file:')
        ? fileURLToPath(options.testFile)
        : options.testFile;
    return dirname(resolve(file));
  }
  if (options.cwd !== undefined) return resolve(options.cwd);
  throw new Error(
    'workflow test: say where relative paths start: pass `testFile: import.meta.url` (or `cwd: <folder>`)',
  );
}

async function inputsOf(options: WorkflowTestOptions, context: InputsContext): Promise<Inputs> {
  if (options.inputs !== undefined && options.initArgs?.inputs !== undefined) {
    throw new Error('workflow test: give the inputs either as `inputs` or as `initArgs.inputs`, not both');
  }
  const inputs = options.inputs ?? options.initArgs?.inputs ?? {};
  if (typeof inputs !== 'function') return inputs;
  const call = inputs as (...args: unknown[]) => Inputs | Promise<Inputs>;
  return call(...(options.inputFuncArgs ?? []), context);
}

/** A ready environment; dispose it (or `await using` it) when the test ends. */
export async function createWorkflowTest(options: WorkflowTestOptions): Promise<WorkflowTestEnvironment> {
  const needsBase =
    !isBlueprintText(options.blueprint) ||
    options.copyPluginYaml === true ||
    (options.resourcesToCopy ?? []).length > 0;
  const explicit = options.testFile !== undefined || options.cwd !== undefined;
  const baseDir = needsBase || explicit ? baseDirOf(options) : process.cwd();
  const temp = await prepareTempBlueprint({
    blueprint: options.blueprint,
    baseDir,
    ...(options.copyPluginYaml ? { copyPluginYaml: true } : {}),
    ...(options.resourcesToCopy ? { resourcesToCopy: options.resourcesToCopy } : {}),
    ...(options.tempDirPrefix ? { tempDirPrefix: options.tempDirPrefix } : {}),
  });
  const keep = options.keepTempDir === true || process.env['CLOUDIFY_KEEP_TEST_DIR'] === '1';
  const removeDir = () => (keep ? Promise.resolve() : rm(temp.dir, { recursive: true, force: true }));
  let local: LocalEnvironment;
  try {
    local = await initEnvironment({
      blueprint: temp.blueprintPath,
      inputs: await inputsOf(options, { dir: temp.dir, baseDir }),
      name: options.initArgs?.name ?? 'local',
      storage: createMemoryStorage(),
      ...(options.executor ? { executor: options.executor } : {}),
    });
  } catch (error) {
    await removeDir();
    if (temp.missingPackageHint && error instanceof Error)
      error.message += `\nhint: ${temp.missingPackageHint}`;
    throw error;
  }
  return new TestEnvironment(local, temp.dir, temp.blueprintPath, options, removeDir);
}

class TestEnvironment implements WorkflowTestEnvironment {
  readonly events: WorkflowEvent[] = [];
  #needsUninstall = false;
  #disposed: Promise<void> | undefined;

  constructor(
    readonly local: LocalEnvironment,
    readonly dir: string,
    readonly blueprintPath: string,
    readonly options: WorkflowTestOptions,
    readonly removeDir: () => Promise<void>,
  ) {}

  get name(): string {
    return this.local.name;
  }

  get plan(): DeploymentPlan {
    return this.local.plan;
  }

  get storage(): DeploymentStorage {
    return this.local.storage;
  }

  async execute(workflow: string, options: ExecuteOptions = {}): Promise<WorkflowSummary> {
    if (workflow === 'install' || workflow === 'reinstall') this.#needsUninstall = true;
    const onEvent = (event: WorkflowEvent) => {
      this.events.push(event);
      this.options.onEvent?.(event);
      options.onEvent?.(event);
    };
    const summary = await this.local.execute(workflow, {
      taskRetries: this.options.taskRetries ?? 0,
      retryInterval: this.options.retryInterval ?? 1,
      ...(this.options.parallelism !== undefined ? { parallelism: this.options.parallelism } : {}),
      ...options,
      onEvent,
    });
    if (workflow === 'uninstall') this.#needsUninstall = false;
    return summary;
  }

  outputs(): Promise<Record<string, unknown>> {
    return this.local.outputs();
  }

  instances(nodeName?: string): Promise<StoredNodeInstance[]> {
    return this.local.instances(nodeName);
  }

  async instance(nodeName: string): Promise<StoredNodeInstance> {
    const found = await this.local.instances(nodeName);
    if (found.length !== 1) {
      throw new Error(
        `node '${nodeName}' has ${found.length} instances; use instances('${nodeName}') instead`,
      );
    }
    return found[0]!;
  }

  check(...checks: Check[]): Promise<void> {
    return runChecks(this, checks);
  }

  dispose(): Promise<void> {
    this.#disposed ??= this.#cleanup();
    return this.#disposed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  async #cleanup(): Promise<void> {
    try {
      if (this.#needsUninstall && this.options.uninstallOnCleanup !== false) await this.execute('uninstall');
    } finally {
      try {
        await this.local.close();
      } finally {
        await this.removeDir();
      }
    }
  }
}

/** Runs `fn` with a fresh environment and always cleans up; a cleanup failure after a passing test fails it. */
export async function withWorkflowTest<T>(
  options: WorkflowTestOptions,
  fn: (env: WorkflowTestEnvironment) => Promise<T> | T,
): Promise<T> {
  const env = await createWorkflowTest(options);
  let result: T;
  try {
    result = await fn(env);
  } catch (testError) {
    try {
      await env.dispose();
    } catch (cleanupError) {
      throw new AggregateError(
        [testError, cleanupError],
        'the workflow test failed, and so did its cleanup',
        {
          cause: cleanupError,
        },
      );
    }
    throw testError;
  }
  await env.dispose();
  return result;
}

/**
 * The decorator form: `test('installs', workflowTest(options, async (env) => { … }))`. The test
 * runner's own arguments (node:test's `t`, vitest's context) follow the environment.
 */
export function workflowTest<A extends unknown[]>(
  options: WorkflowTestOptions,
  fn: (env: WorkflowTestEnvironment, ...args: A) => Promise<void> | void,
): (...args: A) => Promise<void> {
  return (...args: A) => withWorkflowTest(options, (env) => fn(env, ...args));
}
