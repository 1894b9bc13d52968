// Plan-time function evaluation (createPlan): get_input from the deployment's inputs, get_property
// from node templates (each property evaluated once, loops reported), concat/merge/string_* over
// them. Run-time functions stay in the plan for evaluateRuntimeFunctions.
import {
  EvaluationFailure,
  Deferred,
  Evaluator,
  walkPath,
  type FunctionHost,
  type PathItem,
  type Scope,
} from './evaluate.js';
import { UNKNOWN_VALUE } from './function-names.js';
import type { BlueprintNode } from './node-templates.js';
import type { ErrorCollector } from './parse-context.js';
import type { SourceLocation } from './plan.js';
import { joinPath } from './values.js';
import { locate } from './yaml-source.js';

export class PlanFunctions implements FunctionHost {
  readonly phase = 'plan';
  readonly evaluator: Evaluator;
  private readonly values = new Map<string, unknown>();
  private readonly evaluating = new Set<string>();
  private readonly nodes: Map<string, BlueprintNode>;

  constructor(
    private readonly inputs: Record<string, unknown>,
    nodes: BlueprintNode[],
    private readonly collector: ErrorCollector,
    /** Inputs declared but not given, when validating without inputs: their values are unknown. */
    private readonly unknownInputs: ReadonlySet<string> = new Set(),
  ) {
    this.nodes = new Map(nodes.map((n) => [n.plan.name, n]));
    this.evaluator = new Evaluator(this, (message, call, path) => {
      const key = Object.keys(call)[0];
      this.collector.errors.add(
        undefined,
        message,
        locate(call, key, path, 'key') ?? this.collector.at(undefined, undefined, path),
      );
      return null;
    });
  }

  /** Evaluates plan-time functions in `value`; errors are collected, failed calls become null. */
  evaluate(value: unknown, scope: Scope, path: string): unknown {
    return this.evaluator.evaluate(value, scope, path);
  }

  locationOf(where: { container: unknown; key?: string | number; path: string }): SourceLocation {
    return this.collector.at(where.container, where.key, where.path);
  }

  /** A node's properties with functions evaluated (each once, whoever asks first). */
  nodeProperties(name: string): Record<string, unknown> {
    const node = this.nodes.get(name);
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(node?.plan.properties ?? {}))
      result[key] = this.propertyValue(name, key, '');
    return result;
  }

  input(name: string): unknown {
    if (Object.hasOwn(this.inputs, name)) return this.inputs[name];
    if (this.unknownInputs.has(name)) return UNKNOWN_VALUE;
    throw new EvaluationFailure(`get_input function references an unknown input '${name}'`);
  }

  property(ref: string, path: PathItem[], scope: Scope, at: string): unknown {
    const nodeName =
      ref === 'SELF' ? scope.self : ref === 'SOURCE' ? scope.source : ref === 'TARGET' ? scope.target : ref;
    if (nodeName === undefined)
      throw new EvaluationFailure(`${ref} cannot be used with get_property in ${at}`);
    const [first, ...rest] = path;
    const missing = () =>
      `Node template property '${nodeName}.properties.${joinPath(path)}' referenced from '${at}' doesn't exist.`;
    if (typeof first !== 'string') throw new EvaluationFailure(missing());
    const top = this.propertyValue(nodeName, first, at);
    return walkPath(top, rest, missing, {
      missing: 'fail',
      // A run-time function inside the property: look it up again at run time.
      onFunction: () => new Deferred({ get_property: [nodeName, ...path] }),
    });
  }

  attribute(): never {
    throw new Error('get_attribute is evaluated at run time only');
  }

  managerOnly(name: string, _args: unknown, at: string): unknown {
    if (name === 'get_secret') {
      throw new EvaluationFailure(
        `get_secret is not supported by local workflows (there is no secret store) in ${at}`,
      );
    }
    return undefined;
  }

  private propertyValue(nodeName: string, key: string, at: string): unknown {
    const id = `${nodeName}\u0000${key}`;
    if (this.values.has(id)) return this.values.get(id);
    const node = this.nodes.get(nodeName);
    if (!node)
      throw new EvaluationFailure(`get_property function node reference '${nodeName}' does not exist`);
    if (!Object.hasOwn(node.plan.properties, key)) {
      throw new EvaluationFailure(
        `Node template property '${nodeName}.properties.${key}' referenced from '${at}' doesn't exist.`,
      );
    }
    if (this.evaluating.has(id))
      throw new EvaluationFailure(
        `Circular get_property reference to '${nodeName}.properties.${key}' from '${at}'`,
      );
    this.evaluating.add(id);
    try {
      const value = this.evaluate(
        node.plan.properties[key],
        { self: nodeName },
        `node_templates.${nodeName}.properties.${key}`,
      );
      this.values.set(id, value);
      return value;
    } finally {
      this.evaluating.delete(id);
    }
  }
}
