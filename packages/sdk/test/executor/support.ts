// Hand-built deployment plans and operation tasks for the executor and proxy-server tests.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeploymentPlan, PlanNode, PlanNodeInstance, PlanOperation } from '../../src/dsl/plan.js';
import type { OperationSubject, OperationTask } from '../../src/executor/types.js';
import type { DeploymentStorage } from '../../src/storage/types.js';
import type { WorkflowEvent } from '../../src/workflows/events.js';

export interface NodeSpec {
  name: string;
  type?: string;
  properties?: Record<string, unknown>;
  instances?: string[];
  hostOf?: Record<string, string>;
  /** Relationships of the node: type and target node; every instance relates to the target's first instance. */
  relationships?: { type: string; target: string }[];
}

export function buildPlan(blueprintDir: string, specs: NodeSpec[]): DeploymentPlan {
  const nodes: PlanNode[] = specs.map((spec) => ({
    name: spec.name,
    type: spec.type ?? 'test.nodes.Thing',
    typeHierarchy: ['cloudify.nodes.Root', spec.type ?? 'test.nodes.Thing'],
    properties: spec.properties ?? {},
    operations: {},
    relationships: (spec.relationships ?? []).map((r) => ({
      type: r.type,
      typeHierarchy: ['cloudify.relationships.depends_on', r.type],
      target: r.target,
      properties: {},
      sourceOperations: {},
      targetOperations: {},
    })),
    deployInstances: (spec.instances ?? [`${spec.name}_000001`]).length,
  }));
  const firstInstance = (name: string): string => {
    const spec = specs.find((s) => s.name === name);
    return spec?.instances?.[0] ?? `${name}_000001`;
  };
  const nodeInstances: PlanNodeInstance[] = specs.flatMap((spec) =>
    (spec.instances ?? [`${spec.name}_000001`]).map((id, index) => ({
      id,
      nodeName: spec.name,
      index,
      ...(spec.hostOf?.[id] ? { hostId: spec.hostOf[id] } : {}),
      relationships: (spec.relationships ?? []).map((r, i) => ({
        relationship: i,
        type: r.type,
        targetName: r.target,
        targetId: firstInstance(r.target),
      })),
    })),
  );
  return {
    dslVersion: 'cloudify_dsl_1_4',
    blueprintFile: join(blueprintDir, 'blueprint.yaml'),
    blueprintDir,
    inputs: {},
    nodes,
    nodeInstances,
    outputs: {},
    capabilities: {},
    workflows: {},
    plugins: { script: { name: 'script', executor: 'host_agent', install: false } },
  };
}

export function scriptOperation(
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<PlanOperation> = {},
): PlanOperation {
  return {
    name,
    implementation: 'script.script_runner.tasks.run',
    plugin: 'script',
    operation: 'script_runner.tasks.run',
    executor: 'central_deployment_agent',
    inputs,
    ...extra,
  };
}

export function task(
  plan: DeploymentPlan,
  subject: OperationSubject,
  operation: PlanOperation,
  extra: Partial<OperationTask> = {},
): OperationTask {
  return {
    deploymentId: 'dep',
    blueprintId: 'dep',
    executionId: 'exec-1',
    workflowId: 'install',
    plan,
    operation,
    subject,
    retryNumber: 0,
    maxRetries: 0,
    inputs: operation.inputs,
    ...extra,
  };
}

export const node = (instanceId: string): OperationSubject => ({ kind: 'node', instanceId });

export class EventLog {
  readonly events: WorkflowEvent[] = [];
  readonly emit = (event: WorkflowEvent): void => {
    this.events.push(event);
  };

  /** Log messages above debug level, optionally of one subject. */
  messages(subject?: string): string[] {
    return this.events.flatMap((e) =>
      e.type === 'log' && e.level !== 'debug' && (subject === undefined || e.subject === subject)
        ? [e.message]
        : [],
    );
  }
}

export function environment(storage: DeploymentStorage, signal?: AbortSignal) {
  const log = new EventLog();
  return { log, env: { storage, emit: log.emit, ...(signal ? { signal } : {}) } };
}

/** A temporary blueprint folder holding the given files (executable when they start with #!). */
export async function blueprintFolder(
  files: Record<string, string>,
): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'executor-test-'));
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(dir, name), content, { mode: content.startsWith('#!') ? 0o755 : 0o644 });
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
