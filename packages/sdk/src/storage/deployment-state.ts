// One open deployment held in memory: the authoritative copy while this run holds the lock.
// Both storages use it; the file storage adds persistence (every change written before the
// call resolves). Callers get copies, so nothing they mutate leaks into the stored state.
import type { DeploymentPlan } from '../dsl/plan.js';
import {
  StorageConflictError,
  type DeploymentStorage,
  type InstanceUpdate,
  type StoredExecution,
  type StoredNodeInstance,
} from './types.js';

/** Where an open deployment writes its changes; the memory storage writes nowhere. */
export interface DeploymentPersistence {
  writeInstance(instance: StoredNodeInstance): Promise<void>;
  writeExecutions(executions: readonly StoredExecution[]): Promise<void>;
  /** Waits for pending writes and releases the lock. */
  close(): Promise<void>;
}

export const noPersistence = (release: () => void): DeploymentPersistence => ({
  writeInstance: () => Promise.resolve(),
  writeExecutions: () => Promise.resolve(),
  close: () => {
    release();
    return Promise.resolve();
  },
});

/** The instances a new deployment starts with: uninitialized, no runtime properties, version 0. */
export function initialInstances(plan: DeploymentPlan): StoredNodeInstance[] {
  return plan.nodeInstances.map((instance) => ({
    id: instance.id,
    nodeName: instance.nodeName,
    state: 'uninitialized',
    runtimeProperties: {},
    version: 0,
  }));
}

/** Runs synchronous work as a promise, so its errors reject instead of throwing. */
export function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}

const copyInstance = (instance: StoredNodeInstance): StoredNodeInstance => ({
  ...instance,
  runtimeProperties: structuredClone(instance.runtimeProperties),
});

export class OpenDeployment implements DeploymentStorage {
  private readonly instances: Map<string, StoredNodeInstance>;
  private readonly executions: StoredExecution[];
  private closed = false;

  constructor(
    readonly deploymentId: string,
    readonly plan: DeploymentPlan,
    instances: readonly StoredNodeInstance[],
    executions: readonly StoredExecution[],
    private readonly persistence: DeploymentPersistence,
  ) {
    this.instances = new Map(instances.map((i) => [i.id, i]));
    this.executions = [...executions];
  }

  /** The stored state as it is now (for the memory storage to keep between opens). */
  snapshot(): { instances: StoredNodeInstance[]; executions: StoredExecution[] } {
    return { instances: [...this.instances.values()], executions: [...this.executions] };
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`deployment '${this.deploymentId}' was closed; open it again to use it`);
  }

  private stored(id: string): StoredNodeInstance {
    this.checkOpen();
    const instance = this.instances.get(id);
    if (!instance) throw new Error(`deployment '${this.deploymentId}' has no node instance '${id}'`);
    return instance;
  }

  getInstance(id: string): Promise<StoredNodeInstance> {
    return settle(() => copyInstance(this.stored(id)));
  }

  listInstances(nodeName?: string): Promise<StoredNodeInstance[]> {
    return settle(() => {
      this.checkOpen();
      const all = [...this.instances.values()];
      return all.filter((i) => nodeName === undefined || i.nodeName === nodeName).map(copyInstance);
    });
  }

  async updateInstance(
    id: string,
    update: InstanceUpdate,
    expectedVersion?: number,
  ): Promise<StoredNodeInstance> {
    const current = this.stored(id);
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw new StorageConflictError(
        `node instance '${id}' of deployment '${this.deploymentId}' changed meanwhile (version ${current.version}, ` +
          `expected ${expectedVersion}): reload it and apply the change again`,
      );
    }
    const next: StoredNodeInstance = {
      ...current,
      state: update.state ?? current.state,
      runtimeProperties: update.runtimeProperties
        ? structuredClone(update.runtimeProperties)
        : current.runtimeProperties,
      version: current.version + 1,
    };
    this.instances.set(id, next);
    await this.persistence.writeInstance(next);
    return copyInstance(next);
  }

  listExecutions(): Promise<StoredExecution[]> {
    return settle(() => {
      this.checkOpen();
      return structuredClone(this.executions);
    });
  }

  async saveExecution(execution: StoredExecution): Promise<void> {
    this.checkOpen();
    const index = this.executions.findIndex((e) => e.id === execution.id);
    if (index === -1) this.executions.push(structuredClone(execution));
    else this.executions[index] = structuredClone(execution);
    await this.persistence.writeExecutions(this.executions);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.persistence.close();
  }
}
