// Deployments on disk (`.cloudify-local/` in the working folder by default):
//
//   <dir>/deployments/<id>/plan.json                 written last on create: marks it complete
//   <dir>/deployments/<id>/instances/<instance>.json  one small file per node instance
//   <dir>/deployments/<id>/executions.json
//   <dir>/deployments/<id>/lock                      while a run has it open
//
// Every file is replaced atomically (atomic-file.ts); an update costs one small write, and a burst
// of updates to one instance shares writes (coalescing-writer.ts), so 1000 instances × 5
// operations stay fast.
import { mkdir, readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pLimit from 'p-limit';
import type { DeploymentPlan } from '../dsl/plan.js';
import { isTemporaryFile } from './atomic-file.js';
import { CoalescingWriter } from './coalescing-writer.js';
import { acquireDeploymentLock, type DeploymentLock } from './deployment-lock.js';
import { OpenDeployment, initialInstances, type DeploymentPersistence } from './deployment-state.js';
import {
  DeploymentExistsError,
  DeploymentNotFoundError,
  type DeploymentStorage,
  type Storage,
  type StoredExecution,
  type StoredNodeInstance,
} from './types.js';

export interface FileStorageOptions {
  /** fsync every file before it replaces the old one (default true): survives power loss too. */
  fsync?: boolean;
  /** Where warnings go (a stale lock taken over); default: stderr. */
  warn?: (message: string) => void;
}

const VALID_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function readJson<T>(path: string, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${what} is missing (${path}): the deployment is incomplete; create it again`, {
        cause: error,
      });
    }
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(
      `${what} is not valid JSON (${path}): ${(error as Error).message}; fix or delete the file`,
      {
        cause: error,
      },
    );
  }
}

class DeploymentFiles {
  readonly instancesDir: string;
  readonly planFile: string;
  readonly executionsFile: string;
  readonly lockFile: string;

  constructor(readonly dir: string) {
    this.instancesDir = join(dir, 'instances');
    this.planFile = join(dir, 'plan.json');
    this.executionsFile = join(dir, 'executions.json');
    this.lockFile = join(dir, 'lock');
  }

  instanceFile(id: string): string {
    return join(this.instancesDir, `${id}.json`);
  }

  /** Leftover temporary files of a run that crashed mid-write (only ever removed under the lock). */
  async removeTemporaryFiles(): Promise<void> {
    for (const dir of [this.dir, this.instancesDir]) {
      const names = await readdir(dir).catch(() => [] as string[]);
      await Promise.all(
        names.filter(isTemporaryFile).map((name) => unlink(join(dir, name)).catch(() => undefined)),
      );
    }
  }
}

class FileStorage implements Storage {
  private readonly root: string;
  private readonly fsync: boolean;
  private readonly warn: (message: string) => void;

  constructor(dir: string, options: FileStorageOptions) {
    this.root = resolve(dir, 'deployments');
    this.fsync = options.fsync ?? true;
    this.warn = options.warn ?? ((message) => process.stderr.write(`warning: ${message}\n`));
  }

  private files(deploymentId: string): DeploymentFiles {
    if (!VALID_ID.test(deploymentId)) {
      throw new Error(
        `invalid deployment name '${deploymentId}': use up to 128 letters, digits, '.', '_' and '-', starting with a letter or digit`,
      );
    }
    return new DeploymentFiles(join(this.root, deploymentId));
  }

  private lock(deploymentId: string, files: DeploymentFiles): Promise<DeploymentLock> {
    return acquireDeploymentLock(files.lockFile, { deploymentId, warn: this.warn });
  }

  private openDeployment(
    deploymentId: string,
    files: DeploymentFiles,
    lock: DeploymentLock,
    plan: DeploymentPlan,
    instances: StoredNodeInstance[],
    executions: StoredExecution[],
  ): DeploymentStorage {
    const writer = new CoalescingWriter({ fsync: this.fsync });
    const latest = new Map(instances.map((i) => [i.id, i]));
    let latestExecutions = executions;
    const persistence: DeploymentPersistence = {
      writeInstance: (instance) => {
        latest.set(instance.id, instance);
        return writer.write(files.instanceFile(instance.id), () => json(latest.get(instance.id)));
      },
      writeExecutions: (all) => {
        latestExecutions = [...all];
        return writer.write(files.executionsFile, () => json(latestExecutions));
      },
      close: async () => {
        await writer.idle();
        await lock.release();
      },
    };
    return new OpenDeployment(deploymentId, plan, instances, executions, persistence);
  }

  async create(
    deploymentId: string,
    plan: DeploymentPlan,
    options: { replace?: boolean } = {},
  ): Promise<DeploymentStorage> {
    const files = this.files(deploymentId);
    await mkdir(files.dir, { recursive: true });
    const lock = await this.lock(deploymentId, files);
    try {
      if (await exists(files.planFile)) {
        if (!options.replace) {
          throw new DeploymentExistsError(
            `deployment '${deploymentId}' already exists in ${files.dir}: choose another name or replace it`,
          );
        }
        // Unmark it first: a crash while replacing leaves an incomplete deployment, never a mix.
        await unlink(files.planFile);
      }
      await rm(files.instancesDir, { recursive: true, force: true });
      await mkdir(files.instancesDir, { recursive: true });
      const instances = initialInstances(plan);
      const writer = new CoalescingWriter({ fsync: this.fsync });
      const limit = pLimit(32);
      await Promise.all(
        instances.map((i) => limit(() => writer.write(files.instanceFile(i.id), () => json(i)))),
      );
      await writer.write(files.executionsFile, () => json([]));
      await writer.write(files.planFile, () => json(plan));
      return this.openDeployment(deploymentId, files, lock, structuredClone(plan), instances, []);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  async open(deploymentId: string): Promise<DeploymentStorage> {
    const files = this.files(deploymentId);
    if (!(await exists(files.planFile))) {
      throw new DeploymentNotFoundError(
        `no deployment '${deploymentId}' in ${this.root}: create it first (init)`,
      );
    }
    const lock = await this.lock(deploymentId, files);
    try {
      await files.removeTemporaryFiles();
      const plan = await readJson<DeploymentPlan>(files.planFile, `the plan of deployment '${deploymentId}'`);
      const limit = pLimit(32);
      const instances = await Promise.all(
        plan.nodeInstances.map((i) =>
          limit(() => readJson<StoredNodeInstance>(files.instanceFile(i.id), `node instance '${i.id}'`)),
        ),
      );
      const executions = await readJson<StoredExecution[]>(
        files.executionsFile,
        `the executions of deployment '${deploymentId}'`,
      );
      return this.openDeployment(deploymentId, files, lock, plan, instances, executions);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  async list(): Promise<string[]> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    const complete = await Promise.all(names.map((name) => exists(join(this.root, name, 'plan.json'))));
    return names.filter((_, i) => complete[i]).sort();
  }

  async remove(deploymentId: string): Promise<void> {
    const files = this.files(deploymentId);
    if (!(await exists(files.dir)))
      throw new DeploymentNotFoundError(`no deployment '${deploymentId}' in ${this.root}`);
    await this.lock(deploymentId, files);
    // Removing the folder removes the lock with it.
    await rm(files.dir, { recursive: true, force: true });
  }
}

/** Deployments as files under `dir` (default `.cloudify-local` in the working folder). */
export function createFileStorage(dir = '.cloudify-local', options: FileStorageOptions = {}): Storage {
  return new FileStorage(dir, options);
}
