// Test doubles for the workflow engine: an executor that records every call and answers from a
// script, and a plan builder for hand-written deployment plans (plan.ts is plain JSON).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setImmediate } from 'node:timers/promises';
import { parse } from 'yaml';
import type {
  DeploymentPlan,
  PlanNode,
  PlanNodeInstance,
  PlanOperation,
  PlanRelationship,
  PlanWorkflow,
} from '../../src/dsl/plan.js';
import type {
  ExecutionEnvironment,
  OperationExecutor,
  OperationResult,
  OperationTask,
} from '../../src/executor/types.js';
import { subjectLabel } from '../../src/workflows/operation-task.js';

export interface RecordedCall {
  subject: string;
  operation: string;
  retryNumber: number;
  maxRetries: number;
  inputs: Record<string, unknown>;
}

type Behaviour = (
  task: OperationTask,
  env: ExecutionEnvironment,
) => OperationResult | Promise<OperationResult>;

export class RecordingExecutor implements OperationExecutor {
  readonly calls: RecordedCall[] = [];
  running = 0;
  maxRunning = 0;
  closed = false;

  constructor(private readonly behaviour?: Behaviour) {}

  /** `subject short-op[/side]`, e.g. `web_0 create` or `web_0->db_0 establish/source`. */
  get log(): string[] {
    return this.calls.map((c) => `${c.subject} ${c.operation}`);
  }

  async execute(task: OperationTask, env: ExecutionEnvironment): Promise<OperationResult> {
    const short = task.operation.name.split('.').at(-1)!;
    const side = task.subject.kind === 'relationship' ? `/${task.subject.side}` : '';
    this.calls.push({
      subject: subjectLabel(task.subject),
      operation: `${short}${side}`,
      retryNumber: task.retryNumber,
      maxRetries: task.maxRetries,
      inputs: task.inputs,
    });
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      await setImmediate();
      return (await this.behaviour?.(task, env)) ?? { status: 'succeeded' };
    } finally {
      this.running -= 1;
    }
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

const TYPES_YAML = fileURLToPath(new URL('../../types/cloudify/types.yaml', import.meta.url));

/** The built-in workflows as the SDK's types.yaml declares them. */
export function builtinWorkflows(): Record<string, PlanWorkflow> {
  const doc = parse(readFileSync(TYPES_YAML, 'utf8'), { merge: true }) as {
    workflows: Record<string, { mapping: string; parameters?: PlanWorkflow['parameters'] }>;
  };
  return Object.fromEntries(
    Object.entries(doc.workflows).map(([name, w]) => [
      name,
      { mapping: w.mapping, parameters: w.parameters ?? {} },
    ]),
  );
}

export const LIFECYCLE = 'cloudify.interfaces.lifecycle';
export const RELATIONSHIP = 'cloudify.interfaces.relationship_lifecycle';

export function op(name: string, extra: Partial<PlanOperation> = {}): PlanOperation {
  return {
    name,
    implementation: `scripts/${name.split('.').at(-1)}.mjs`,
    plugin: 'script',
    operation: 'script_runner.tasks.run',
    executor: 'central_deployment_agent',
    inputs: {},
    ...extra,
  };
}

export const nop = (name: string): PlanOperation => ({
  name,
  implementation: '',
  executor: 'auto',
  inputs: {},
});

/** Root's lifecycle operations: those named are mapped, the rest are NOPs (as types.yaml declares them). */
export function lifecycle(mapped: string[], extra: Record<string, Partial<PlanOperation>> = {}) {
  const all = [
    'precreate',
    'create',
    'configure',
    'start',
    'poststart',
    'prestop',
    'stop',
    'delete',
    'postdelete',
  ];
  const ops: Record<string, PlanOperation> = {};
  for (const short of all) {
    const name = `${LIFECYCLE}.${short}`;
    ops[name] = mapped.includes(short) ? op(name, extra[short]) : nop(name);
  }
  for (const name of ['cloudify.interfaces.validation.create', 'cloudify.interfaces.validation.delete']) {
    ops[name] = nop(name);
  }
  ops['cloudify.interfaces.monitoring.start'] = nop('cloudify.interfaces.monitoring.start');
  ops['cloudify.interfaces.monitoring.stop'] = nop('cloudify.interfaces.monitoring.stop');
  return ops;
}

const RELATIONSHIP_HIERARCHY: Record<string, string[]> = {
  'cloudify.relationships.depends_on': ['cloudify.relationships.depends_on'],
  'cloudify.relationships.connected_to': [
    'cloudify.relationships.depends_on',
    'cloudify.relationships.connected_to',
  ],
  'cloudify.relationships.contained_in': [
    'cloudify.relationships.depends_on',
    'cloudify.relationships.contained_in',
  ],
  'cloudify.relationships.depends_on_lifecycle_operation': [
    'cloudify.relationships.depends_on',
    'cloudify.relationships.depends_on_lifecycle_operation',
  ],
};

export function relationship(
  type: keyof typeof RELATIONSHIP_HIERARCHY,
  target: string,
  mapped: string[] = [],
  properties: Record<string, unknown> = {},
): PlanRelationship {
  const ops = (side: string) =>
    Object.fromEntries(
      ['preconfigure', 'postconfigure', 'establish', 'unlink'].map((short) => {
        const name = `${RELATIONSHIP}.${short}`;
        return [
          name,
          mapped.includes(short) ? op(name, { implementation: `scripts/${side}-${short}.mjs` }) : nop(name),
        ];
      }),
    );
  return {
    type,
    typeHierarchy: RELATIONSHIP_HIERARCHY[type]!,
    target,
    properties: { connection_type: 'all_to_all', ...properties },
    sourceOperations: ops('source'),
    targetOperations: ops('target'),
  };
}

export interface NodeSpec {
  type?: string;
  typeHierarchy?: string[];
  operations?: Record<string, PlanOperation>;
  relationships?: PlanRelationship[];
  instances?: number;
}

/**
 * A plan from node specs, in the given order. Instance ids are `<node>_<index>`; contained_in
 * targets and every other relationship are connected all-to-all (enough for these tests).
 */
export function buildPlan(
  nodes: Record<string, NodeSpec>,
  extra: Partial<DeploymentPlan> = {},
): DeploymentPlan {
  const planNodes: PlanNode[] = Object.entries(nodes).map(([name, spec]) => {
    const containedIn = spec.relationships?.find((r) =>
      r.typeHierarchy.includes('cloudify.relationships.contained_in'),
    );
    return {
      name,
      type: spec.type ?? 'cloudify.nodes.Root',
      typeHierarchy: spec.typeHierarchy ?? ['cloudify.nodes.Root'],
      properties: {},
      operations: spec.operations ?? lifecycle([]),
      relationships: spec.relationships ?? [],
      ...(containedIn ? { containedIn: containedIn.target } : {}),
      deployInstances: spec.instances ?? 1,
    };
  });
  const idsOf = (name: string) =>
    Array.from({ length: nodes[name]?.instances ?? 1 }, (_, index) => `${name}_${index}`);
  const nodeInstances: PlanNodeInstance[] = planNodes.flatMap((node) =>
    idsOf(node.name).map((id, index) => ({
      id,
      nodeName: node.name,
      index,
      relationships: node.relationships.flatMap((rel, relIndex) =>
        idsOf(rel.target).map((targetId) => ({
          relationship: relIndex,
          type: rel.type,
          targetName: rel.target,
          targetId,
        })),
      ),
    })),
  );
  return {
    dslVersion: 'cloudify_dsl_1_5',
    blueprintFile: '/nowhere/blueprint.yaml',
    blueprintDir: '/nowhere',
    inputs: {},
    nodes: planNodes,
    nodeInstances,
    outputs: {},
    capabilities: {},
    workflows: builtinWorkflows(),
    plugins: {},
    ...extra,
  };
}
