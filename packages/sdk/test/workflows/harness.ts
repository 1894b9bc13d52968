// Runs workflows of a hand-written plan against the recording executor and an in-memory deployment.
import type { DeploymentPlan } from '../../src/dsl/plan.js';
import type { OperationExecutor } from '../../src/executor/types.js';
import type { WorkflowEvent } from '../../src/workflows/events.js';
import { executeWorkflow, type ExecuteWorkflowOptions } from '../../src/workflows/run.js';
import { createMemoryStorage } from '../../src/storage/index.js';

export async function runner(plan: DeploymentPlan) {
  const storage = await createMemoryStorage().create('local', plan);
  const events: WorkflowEvent[] = [];
  const run = (
    executor: OperationExecutor,
    workflow: string,
    options: Partial<ExecuteWorkflowOptions> = {},
  ) =>
    executeWorkflow({
      storage,
      executor,
      workflow,
      taskRetries: 0,
      retryInterval: 0,
      parallelism: 1,
      onEvent: (e) => events.push(e),
      evaluate: (v) => v,
      ...options,
    });
  return { storage, events, run };
}
