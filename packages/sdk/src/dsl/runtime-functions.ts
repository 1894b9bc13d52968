// Run-time function evaluation against the live state of a deployment: get_attribute (runtime
// properties first, then node_instance_id / node_instance_index, then node properties),
// get_attributes_list/dict, and everything plan-time too. Which instance `get_attribute: [node, …]`
// means when the node has several: the one the current instance has a relationship to, else the
// one sharing its nearest containing instance (reference cloudify-api.md §6.11), else an error.
import { FunctionEvaluationError, type DslError } from './errors.js';
import {
  EvaluationFailure,
  Evaluator,
  walkPath,
  type FunctionHost,
  type PathItem,
  type Scope,
} from './evaluate.js';
import type {
  DeploymentPlan,
  EvaluationScope,
  PlanNode,
  PlanNodeInstance,
  PlanValue,
  RuntimeState,
} from './plan.js';
import { joinPath } from './values.js';

interface PlanIndex {
  nodes: Map<string, PlanNode>;
  instances: Map<string, PlanNodeInstance>;
  byNode: Map<string, PlanNodeInstance[]>;
}

const indexes = new WeakMap<DeploymentPlan, PlanIndex>();

function indexOf(plan: DeploymentPlan): PlanIndex {
  let index = indexes.get(plan);
  if (!index) {
    const byNode = new Map<string, PlanNodeInstance[]>();
    for (const instance of plan.nodeInstances) {
      const list = byNode.get(instance.nodeName) ?? [];
      list.push(instance);
      byNode.set(instance.nodeName, list);
    }
    index = {
      nodes: new Map(plan.nodes.map((n) => [n.name, n])),
      instances: new Map(plan.nodeInstances.map((i) => [i.id, i])),
      byNode,
    };
    indexes.set(plan, index);
  }
  return index;
}

class RuntimeFunctions implements FunctionHost {
  readonly phase = 'run';
  readonly evaluator: Evaluator;
  private readonly index: PlanIndex;

  constructor(
    private readonly state: RuntimeState,
    onError: (message: string, call: object, path: string) => unknown,
  ) {
    this.index = indexOf(state.plan);
    this.evaluator = new Evaluator(this, onError);
  }

  input(name: string): unknown {
    if (Object.hasOwn(this.state.plan.inputs, name)) return this.state.plan.inputs[name];
    throw new EvaluationFailure(`get_input function references an unknown input '${name}'`);
  }

  property(ref: string, path: PathItem[], scope: Scope, at: string): unknown {
    const node = this.isRef(ref)
      ? this.nodeOf(this.instanceFromScope(ref, scope, at, path))
      : this.index.nodes.get(ref);
    if (!node) throw new EvaluationFailure(`get_property function node reference '${ref}' does not exist`);
    const missing = () =>
      `Node template property '${node.name}.properties.${joinPath(path)}' referenced from '${at}' doesn't exist.`;
    return this.walkEvaluating(node.properties, path, scope, at, missing, 'fail');
  }

  attribute(name: string, args: unknown[], scope: Scope, at: string): { value: unknown; scope: Scope } {
    const [ref, ...rest] = args as PathItem[];
    if (name === 'get_attribute') {
      const instance = this.isRef(String(ref))
        ? this.instanceFromScope(String(ref), scope, at, rest)
        : this.instanceByName(String(ref), scope);
      return { value: this.attributeOf(instance, rest, at), scope: { self: instance.id } };
    }
    const nodeName = this.isRef(String(ref))
      ? this.instanceFromScope(String(ref), scope, at, rest).nodeName
      : String(ref);
    const instances = this.index.byNode.get(nodeName) ?? [];
    if (name === 'get_attributes_list') {
      return { value: instances.map((i) => this.attributeOf(i, rest, at)), scope };
    }
    const paths = rest.map((p) => (Array.isArray(p) ? (p as PathItem[]) : [p]));
    const value = Object.fromEntries(
      instances.map((i) => [
        i.id,
        Object.fromEntries(paths.map((p) => [p.map(String).join('.'), this.attributeOf(i, p, at)])),
      ]),
    );
    return { value, scope };
  }

  managerOnly(name: string): never {
    throw new EvaluationFailure(
      `${name} is only available on a Cloudify manager; local workflows cannot evaluate it`,
    );
  }

  private isRef(ref: string): boolean {
    return ref === 'SELF' || ref === 'SOURCE' || ref === 'TARGET';
  }

  private nodeOf(instance: PlanNodeInstance): PlanNode {
    const node = this.index.nodes.get(instance.nodeName);
    if (!node)
      throw new EvaluationFailure(
        `Node instance '${instance.id}' belongs to unknown node '${instance.nodeName}'`,
      );
    return node;
  }

  private instance(id: string): PlanNodeInstance {
    const instance = this.index.instances.get(id);
    if (!instance) throw new EvaluationFailure(`Node instance '${id}' does not exist in this deployment`);
    return instance;
  }

  private instanceFromScope(ref: string, scope: Scope, at: string, path: unknown[]): PlanNodeInstance {
    const id = ref === 'SELF' ? scope.self : ref === 'SOURCE' ? scope.source : scope.target;
    if (id === undefined)
      throw new EvaluationFailure(
        `${ref} is missing in request context in ${at} for attribute ${JSON.stringify(path)}`,
      );
    return this.instance(id);
  }

  private instanceByName(nodeName: string, scope: Scope): PlanNodeInstance {
    if (!this.index.nodes.has(nodeName))
      throw new EvaluationFailure(`get_attribute function node reference '${nodeName}' does not exist`);
    const candidates = this.index.byNode.get(nodeName) ?? [];
    if (candidates.length === 0) throw new EvaluationFailure(`Node ${nodeName} has no instances.`);
    if (candidates.length === 1) return candidates[0]!;
    const contexts = scope.self !== undefined ? [scope.self] : [scope.source, scope.target];
    for (const id of contexts) {
      const found = id === undefined ? undefined : this.disambiguate(this.instance(id), nodeName, candidates);
      if (found) return found;
    }
    throw new EvaluationFailure(
      `More than one node instance found for node "${nodeName}". Cannot resolve a node instance unambiguously.`,
    );
  }

  /** Through the context instance's relationships, then through its nearest shared container. */
  private disambiguate(
    context: PlanNodeInstance,
    nodeName: string,
    candidates: PlanNodeInstance[],
  ): PlanNodeInstance | undefined {
    const related = new Set(
      context.relationships.filter((r) => r.targetName === nodeName).map((r) => r.targetId),
    );
    if (related.size === 1) return this.index.instances.get([...related][0]!);
    const chains = new Map(candidates.map((c) => [c, this.containers(c)]));
    for (const ancestor of [context.id, ...this.containers(context)]) {
      const inside = candidates.filter((c) => chains.get(c)!.includes(ancestor));
      if (inside.length === 1) return inside[0];
      if (inside.length > 1) return undefined;
    }
    return undefined;
  }

  /** The instance's containers, innermost first. */
  private containers(instance: PlanNodeInstance): string[] {
    const chain: string[] = [];
    for (
      let id = instance.containedInId;
      id !== undefined && !chain.includes(id);
      id = this.index.instances.get(id)?.containedInId
    ) {
      chain.push(id);
    }
    return chain;
  }

  private attributeOf(instance: PlanNodeInstance, path: PathItem[], at: string): unknown {
    const runtime = walkPath(this.state.runtimeProperties(instance.id), path, () => '', {
      missing: 'undefined',
    });
    if (runtime !== undefined && runtime !== null) return runtime;
    if (path.length === 1 && path[0] === 'node_instance_id') return instance.id;
    if (path.length === 1 && path[0] === 'node_instance_index') return instance.index;
    const fromNode = this.walkEvaluating(
      this.nodeOf(instance).properties,
      path,
      { self: instance.id },
      at,
      () => '',
      'undefined',
    );
    return fromNode ?? null;
  }

  /** Walks into node properties, evaluating any run-time function met on the way. */
  private walkEvaluating(
    root: unknown,
    path: PathItem[],
    scope: Scope,
    at: string,
    missing: () => string,
    mode: 'fail' | 'undefined',
  ): unknown {
    return walkPath(root, path, missing, {
      missing: mode,
      onFunction: (call, rest) =>
        this.walkEvaluating(this.evaluator.evaluate(call, scope, at), rest, scope, at, missing, mode),
    });
  }
}

/**
 * Evaluates every function in `value` (operation inputs, node properties…) from `scope`'s point of
 * view. Throws FunctionEvaluationError when one cannot be evaluated.
 */
export function evaluateRuntimeFunctions(
  value: unknown,
  scope: EvaluationScope,
  state: RuntimeState,
  path = 'value',
): unknown {
  const host = new RuntimeFunctions(state, (message, _call, at) => {
    throw new FunctionEvaluationError(message, at);
  });
  return host.evaluator.evaluate(value, scope, path);
}

export interface EvaluatedValues {
  values: Record<string, unknown>;
  /** One per function that failed; its place in the value holds `<ERROR: message>`, as Cloudify shows it. */
  errors: DslError[];
}

function evaluateValues(
  values: Record<string, PlanValue>,
  section: string,
  state: RuntimeState,
): EvaluatedValues {
  const result: Record<string, unknown> = {};
  const errors: DslError[] = [];
  for (const [name, entry] of Object.entries(values)) {
    const host = new RuntimeFunctions(state, (message, _call, at) => {
      const error: DslError = { message };
      if (entry.location) error.location = { ...entry.location, path: at };
      errors.push(error);
      return `<ERROR: ${message}>`;
    });
    result[name] = host.evaluator.evaluate(entry.value, {}, `${section}.${name}.value`);
  }
  return { values: result, errors };
}

/** The deployment's outputs, evaluated against the current runtime properties. */
export function evaluateOutputs(plan: DeploymentPlan, state: RuntimeState): EvaluatedValues {
  return evaluateValues(plan.outputs, 'outputs', state);
}

/** The deployment's capabilities, evaluated like outputs. */
export function evaluateCapabilities(plan: DeploymentPlan, state: RuntimeState): EvaluatedValues {
  return evaluateValues(plan.capabilities, 'capabilities', state);
}
