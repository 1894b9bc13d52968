// Deployments kept in memory, for tests: the same rules as the file storage (one open at a
// time per deployment, version checks), nothing written anywhere.
import type { DeploymentPlan } from '../dsl/plan.js';
import { OpenDeployment, initialInstances, noPersistence, settle } from './deployment-state.js';
import {
  DeploymentExistsError,
  DeploymentLockedError,
  DeploymentNotFoundError,
  type DeploymentStorage,
  type Storage,
  type StoredExecution,
  type StoredNodeInstance,
} from './types.js';

interface Kept {
  plan: DeploymentPlan;
  instances: StoredNodeInstance[];
  executions: StoredExecution[];
  open?: OpenDeployment;
}

class MemoryStorage implements Storage {
  private readonly deployments = new Map<string, Kept>();

  private openKept(deploymentId: string, kept: Kept): DeploymentStorage {
    if (kept.open) {
      throw new DeploymentLockedError(
        `deployment '${deploymentId}' is already open in this process: close the other handle first`,
      );
    }
    const deployment: OpenDeployment = new OpenDeployment(
      deploymentId,
      kept.plan,
      kept.instances,
      kept.executions,
      noPersistence(() => {
        Object.assign(kept, deployment.snapshot());
        kept.open = undefined;
      }),
    );
    kept.open = deployment;
    return deployment;
  }

  create(
    deploymentId: string,
    plan: DeploymentPlan,
    options: { replace?: boolean } = {},
  ): Promise<DeploymentStorage> {
    const existing = this.deployments.get(deploymentId);
    if (existing?.open) {
      return Promise.reject(
        new DeploymentLockedError(`deployment '${deploymentId}' is open: close it before replacing it`),
      );
    }
    if (existing && !options.replace) {
      return Promise.reject(
        new DeploymentExistsError(
          `deployment '${deploymentId}' already exists: remove it or create it with replace`,
        ),
      );
    }
    const kept: Kept = { plan: structuredClone(plan), instances: initialInstances(plan), executions: [] };
    this.deployments.set(deploymentId, kept);
    return Promise.resolve(this.openKept(deploymentId, kept));
  }

  open(deploymentId: string): Promise<DeploymentStorage> {
    const kept = this.deployments.get(deploymentId);
    if (!kept)
      return Promise.reject(new DeploymentNotFoundError(`no deployment '${deploymentId}': create it first`));
    return settle(() => this.openKept(deploymentId, kept));
  }

  list(): Promise<string[]> {
    return Promise.resolve([...this.deployments.keys()].sort());
  }

  remove(deploymentId: string): Promise<void> {
    const kept = this.deployments.get(deploymentId);
    if (!kept)
      return Promise.reject(new DeploymentNotFoundError(`no deployment '${deploymentId}' to remove`));
    if (kept.open) {
      return Promise.reject(
        new DeploymentLockedError(`deployment '${deploymentId}' is open: close it before removing it`),
      );
    }
    this.deployments.delete(deploymentId);
    return Promise.resolve();
  }
}

/** Deployments in memory, for tests; each call gives a separate, empty storage. */
export function createMemoryStorage(): Storage {
  return new MemoryStorage();
}
