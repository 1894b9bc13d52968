// Runs one workflow of a stored deployment: checks its parameters, records the execution,
// builds and runs the task graph of each phase (restart = stop then start, reinstall =
// uninstall then install) and says how it ended.
import { randomUUID } from 'node:crypto';
import type { OperationExecutor } from '../executor/types.js';
import type { DeploymentStorage, ExecutionStatus, StoredExecution } from '../storage/types.js';
import type { WorkflowEvent } from './events.js';
import { buildExecuteOperationGraph } from './execute-operation.js';
import {
  WorkflowCancelledError,
  WorkflowFailedError,
  WorkflowUsageError,
  type TaskFailure,
} from './failures.js';
import { filterInstances, type InstanceFilters } from './filters.js';
import { TaskGraph } from './graph.js';
import { buildInstallGraph, buildUninstallGraph } from './lifecycle.js';
import { mergeWorkflowParameters } from './parameters.js';
import { RunContext, type RuntimeEvaluator } from './run-context.js';

export const DEFAULT_PARALLELISM = 8;

export interface ExecuteWorkflowOptions {
  storage: DeploymentStorage;
  executor: OperationExecutor;
  /** A workflow of the blueprint: install, uninstall, reinstall, start, stop, restart, execute_operation. */
  workflow: string;
  parameters?: Record<string, unknown>;
  allowCustomParameters?: boolean;
  /** Retries per operation (-1: forever); an operation's max_retries wins. */
  taskRetries: number;
  /** Seconds between attempts; an operation's retry_interval wins, its retry_after wins over both. */
  retryInterval: number;
  /** Operations running at the same time (default 8, as Cloudify's local thread pool). */
  parallelism?: number;
  onEvent?: (event: WorkflowEvent) => void;
  /** Evaluates get_attribute & co. in operation inputs just before each operation. */
  evaluate: RuntimeEvaluator;
  /** Cancels the run: nothing new starts, running operations are told to stop. */
  signal?: AbortSignal;
}

export interface WorkflowSummary {
  executionId: string;
  workflowId: string;
  status: ExecutionStatus;
  parameters: Record<string, unknown>;
  /** Operation attempts started. */
  operations: number;
  /** Attempts that were followed by another (retry requested or recoverable error). */
  retries: number;
  failures: TaskFailure[];
  durationMs: number;
}

type Phase = (run: RunContext) => Promise<TaskFailure[]>;

const MAPPING_PREFIX = 'default_workflows.cloudify.plugins.workflows.';

export async function executeWorkflow(options: ExecuteWorkflowOptions): Promise<WorkflowSummary> {
  const { storage, workflow: workflowId } = options;
  const parallelism = options.parallelism ?? DEFAULT_PARALLELISM;
  checkSettings(options.taskRetries, options.retryInterval, parallelism);
  const declared = storage.plan.workflows[workflowId];
  if (!declared) {
    const known = Object.keys(storage.plan.workflows).sort().join(', ');
    throw new WorkflowUsageError(
      `the blueprint has no workflow '${workflowId}' (workflows: ${known || 'none'})`,
    );
  }
  const parameters = mergeWorkflowParameters(
    workflowId,
    declared.parameters,
    options.parameters ?? {},
    options.allowCustomParameters ?? false,
  );
  const phases = phasesFor(workflowId, declared.mapping, parameters);

  const started = Date.now();
  const execution: StoredExecution = {
    id: randomUUID(),
    workflowId,
    parameters,
    status: 'started',
    startedAt: new Date(started).toISOString(),
  };
  const emit = options.onEvent ?? (() => undefined);
  const run = await RunContext.create({
    workflowId,
    executionId: execution.id,
    storage,
    executor: options.executor,
    parallelism,
    taskRetries: options.taskRetries,
    retryInterval: options.retryInterval,
    emit,
    evaluate: options.evaluate,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  await storage.saveExecution(execution);
  emit({ type: 'workflow_started', workflowId, executionId: execution.id });

  let failures: TaskFailure[] = [];
  try {
    for (const phase of phases) {
      failures = await phase(run);
      if (failures.length > 0 || options.signal?.aborted) break;
    }
  } catch (error) {
    if (error instanceof WorkflowUsageError) {
      await storage.saveExecution({
        ...execution,
        status: 'failed',
        endedAt: new Date().toISOString(),
        error: error.message,
      });
      emit({ type: 'workflow_failed', workflowId, executionId: execution.id, error: error.message });
      throw error;
    }
    failures = [
      {
        workflow: workflowId,
        kind: 'error',
        attempt: 0,
        message: error instanceof Error ? error.message : String(error),
      },
    ];
  }
  // Operations stopped by the cancellation may report failures too: the run still counts as cancelled.
  const cancelled = options.signal?.aborted === true;
  const status: ExecutionStatus = cancelled ? 'cancelled' : failures.length > 0 ? 'failed' : 'terminated';
  const summary: WorkflowSummary = {
    executionId: execution.id,
    workflowId,
    status,
    parameters,
    operations: run.counters.operations,
    retries: run.counters.retries,
    failures,
    durationMs: Date.now() - started,
  };
  const error =
    status === 'failed'
      ? new WorkflowFailedError(workflowId, execution.id, failures, summary)
      : status === 'cancelled'
        ? new WorkflowCancelledError(workflowId, execution.id, summary)
        : undefined;
  await storage.saveExecution({
    ...execution,
    status,
    endedAt: new Date().toISOString(),
    ...(error ? { error: error.message } : {}),
  });
  if (error instanceof WorkflowFailedError) {
    emit({ type: 'workflow_failed', workflowId, executionId: execution.id, error: error.message });
  } else if (error) {
    emit({ type: 'workflow_cancelled', workflowId, executionId: execution.id });
  } else {
    emit({ type: 'workflow_succeeded', workflowId, executionId: execution.id });
  }
  if (error) throw error;
  return summary;
}

function checkSettings(taskRetries: number, retryInterval: number, parallelism: number): void {
  const problems: string[] = [];
  if (!Number.isInteger(taskRetries) || taskRetries < -1)
    problems.push('task retries must be an integer ≥ -1');
  if (!(retryInterval >= 0)) problems.push('the retry interval must be a number of seconds ≥ 0');
  if (!Number.isInteger(parallelism) || parallelism < 1) problems.push('parallelism must be an integer ≥ 1');
  if (problems.length > 0) throw new WorkflowUsageError(problems.join('; '));
}

function filtersOf(parameters: Record<string, unknown>): InstanceFilters {
  const list = (name: string) => (Array.isArray(parameters[name]) ? (parameters[name] as string[]) : []);
  return {
    nodeIds: list('node_ids'),
    nodeInstanceIds: list('node_instance_ids'),
    typeNames: list('type_names'),
  };
}

function dict(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** One graph per phase; each phase starts only when the previous one succeeded. */
function phasesFor(workflowId: string, mapping: string, parameters: Record<string, unknown>): Phase[] {
  const filters = filtersOf(parameters);
  const graphPhase =
    (build: (run: RunContext, graph: TaskGraph) => void): Phase =>
    async (run) => {
      const graph = new TaskGraph(workflowId);
      build(run, graph);
      const cancel = () => graph.halt('cancelled');
      run.signal?.addEventListener('abort', cancel, { once: true });
      try {
        return await graph.run();
      } finally {
        run.signal?.removeEventListener('abort', cancel);
      }
    };
  const selection = (run: RunContext) => {
    const selected = new Set(filterInstances(run, filters));
    const intact = new Set(run.instances.map((i) => i.id).filter((id) => !selected.has(id)));
    return { selected, intact };
  };
  const install = graphPhase((run, graph) => buildInstallGraph(run, graph, selection(run)));
  const uninstall = graphPhase((run, graph) =>
    buildUninstallGraph(run, graph, selection(run), { ignoreFailure: parameters['ignore_failure'] === true }),
  );
  const lifecycleOperation = (operation: string, kwargs: unknown, reverse: boolean) =>
    graphPhase((run, graph) =>
      buildExecuteOperationGraph(run, graph, {
        ...filters,
        operation,
        operationKwargs: dict(kwargs),
        allowKwargsOverride: true,
        runByDependencyOrder: parameters['run_by_dependency_order'] === true,
        reverseDependencies: reverse,
      }),
    );
  const start = 'cloudify.interfaces.lifecycle.start';
  const stop = 'cloudify.interfaces.lifecycle.stop';

  switch (mapping.startsWith(MAPPING_PREFIX) ? mapping.slice(MAPPING_PREFIX.length) : mapping) {
    case 'install':
      return [install];
    case 'uninstall':
      return [uninstall];
    case 'reinstall':
      return [uninstall, install];
    case 'start':
      return [lifecycleOperation(start, parameters['operation_parms'], false)];
    case 'stop':
      return [lifecycleOperation(stop, parameters['operation_parms'], true)];
    case 'restart':
      return [
        lifecycleOperation(stop, parameters['stop_parms'], true),
        lifecycleOperation(start, parameters['start_parms'], false),
      ];
    case 'execute_operation':
      return [
        graphPhase((run, graph) =>
          buildExecuteOperationGraph(run, graph, {
            ...filters,
            operation: String(parameters['operation']),
            operationKwargs: dict(parameters['operation_kwargs']),
            allowKwargsOverride: parameters['allow_kwargs_override'] === true,
            runByDependencyOrder: parameters['run_by_dependency_order'] === true,
          }),
        ),
      ];
    default:
      throw new WorkflowUsageError(
        `workflow '${workflowId}' maps to '${mapping}', which cloudify-local cannot run; it runs Cloudify's ` +
          'install, uninstall, reinstall, start, stop, restart and execute_operation',
      );
  }
}
