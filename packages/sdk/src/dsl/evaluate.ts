// Evaluates intrinsic functions inside a value, innermost first. What `get_input`, `get_property`
// and `get_attribute` read is up to a host: the plan-time host (createPlan) keeps run-time
// functions, and anything whose arguments hold one, verbatim for later; the run-time host
// (evaluateRuntimeFunctions) resolves everything. Results that contain functions are evaluated
// again, up to Cloudify's recursion limit of 50.
import {
  MANAGER_ONLY_FUNCTIONS,
  RUNTIME_FUNCTIONS,
  UNKNOWN_VALUE,
  asFunctionCall,
  containsFunction,
  isUnknown,
} from './function-names.js';
import { describe } from './parse-context.js';
import { joinPath, pythonStr } from './values.js';
import { isYamlMap } from './yaml-source.js';

/** Whose point of view SELF/SOURCE/TARGET take: node names at plan time, instance ids at run time. */
export interface Scope {
  self?: string;
  source?: string;
  target?: string;
}

/** A failure the caller turns into an error (plan), an exception (run) or `<ERROR: …>` (outputs). */
export class EvaluationFailure extends Error {
  override name = 'EvaluationFailure';
}

/** A host's answer that must not be evaluated again (a function kept for run time). */
export class Deferred {
  constructor(readonly value: unknown) {}
}

export type PathItem = string | number;

export interface FunctionHost {
  readonly phase: 'plan' | 'run';
  input(name: string): unknown;
  property(ref: string, path: PathItem[], scope: Scope, at: string): unknown;
  /** get_attribute, get_attributes_list, get_attributes_dict (run time only). */
  attribute(name: string, args: unknown[], scope: Scope, at: string): { value: unknown; scope: Scope };
  /** A function only a manager can answer (get_secret, get_capability…). */
  managerOnly(name: string, args: unknown, at: string): unknown;
}

const RECURSION_LIMIT = 50;

export class Evaluator {
  constructor(
    private readonly host: FunctionHost,
    private readonly onError: (message: string, call: object, path: string) => unknown,
  ) {}

  evaluate(value: unknown, scope: Scope, path: string, depth = 0): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const call = asFunctionCall(value);
    if (!call) {
      if (Array.isArray(value))
        return value.map((item, i) => this.evaluate(item, scope, `${path}[${i}]`, depth));
      const result: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value))
        result[key] = this.evaluate(item, scope, `${path}.${key}`, depth);
      return result;
    }
    const args = this.evaluate(call.args, scope, path, depth);
    try {
      const outcome = this.apply(call.name, args, scope, path);
      if (outcome instanceof Deferred) return outcome.value;
      const { value: result, scope: resultScope } = outcome;
      if (!containsFunction(result)) return result;
      if (depth + 1 >= RECURSION_LIMIT) {
        throw new EvaluationFailure(
          `The recursion limit (${RECURSION_LIMIT}) has been reached while evaluating ${path}`,
        );
      }
      return this.evaluate(result, resultScope, path, depth + 1);
    } catch (error) {
      if (error instanceof EvaluationFailure) return this.onError(error.message, value, path);
      throw error;
    }
  }

  private apply(
    name: string,
    args: unknown,
    scope: Scope,
    path: string,
  ): Deferred | { value: unknown; scope: Scope } {
    const done = (value: unknown) => ({ value, scope });
    if (this.host.phase === 'plan') {
      if (MANAGER_ONLY_FUNCTIONS.has(name)) this.host.managerOnly(name, args, path);
      if (RUNTIME_FUNCTIONS.has(name) || containsFunction(args)) return new Deferred({ [name]: args });
    }
    if (isUnknown(args)) return done(UNKNOWN_VALUE);
    if (MANAGER_ONLY_FUNCTIONS.has(name)) return done(this.host.managerOnly(name, args, path));
    switch (name) {
      case 'get_input':
        return done(getInput(args, this.host));
      case 'get_property': {
        const [ref, ...rest] = args as PathItem[];
        const value = this.host.property(String(ref), rest, scope, path);
        return value instanceof Deferred ? value : done(value);
      }
      case 'get_attribute':
      case 'get_attributes_list':
      case 'get_attributes_dict':
        return this.host.attribute(name, args as unknown[], scope, path);
      default:
        return done(applyValueFunction(name, args));
    }
  }
}

function getInput(args: unknown, host: FunctionHost): unknown {
  if (typeof args === 'string') return host.input(args);
  const [name, ...keys] = args as PathItem[];
  let value = host.input(String(name));
  keys.forEach((key, i) => {
    const at = joinPath([String(name), ...keys.slice(0, i)]);
    if (isUnknown(value)) return;
    if (isYamlMap(value)) {
      if (typeof key !== 'string' || !Object.hasOwn(value, key))
        throw new EvaluationFailure(`Input attribute '${key}' of '${at}', doesn't exist.`);
      value = value[key];
    } else if (Array.isArray(value)) {
      if (typeof key !== 'number')
        throw new EvaluationFailure(`Item ${pythonStr(key)} of '${at}' must be an integer index`);
      if (key >= value.length || key < -value.length)
        throw new EvaluationFailure(`List size of '${at}' is ${value.length} but index ${key} is retrieved.`);
      value = value.at(key);
    } else {
      throw new EvaluationFailure(`Object ${at} has no attribute ${key}`);
    }
  });
  return value;
}

function stringArgument(fn: string, name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  throw new EvaluationFailure(`${fn}: argument \`${name}\` should be a string but is ${describe(value)}`);
}

function integerArgument(fn: string, name: string, value: unknown): number {
  if (Number.isInteger(value)) return value as number;
  throw new EvaluationFailure(`${fn}: argument \`${name}\` should be an integer but is ${describe(value)}`);
}

/** concat, merge and string_* over already evaluated arguments. */
export function applyValueFunction(name: string, args: unknown): unknown {
  const list = Array.isArray(args) ? args : [args];
  switch (name) {
    case 'concat':
      return list.map(pythonStr).join('');
    case 'merge': {
      const merged: Record<string, unknown> = {};
      for (const item of list) {
        if (!isYamlMap(item))
          throw new EvaluationFailure(`merge: encountered non-dict element ${pythonStr(item)}`);
        Object.assign(merged, item);
      }
      return merged;
    }
    case 'string_find':
      return stringArgument(name, 'haystack', list[0]).indexOf(stringArgument(name, 'needle', list[1]));
    case 'string_replace': {
      const haystack = stringArgument(name, 'haystack', list[0]);
      const needle = stringArgument(name, 'needle', list[1]);
      const replacement = stringArgument(name, 'replacement', list[2]);
      const count = list[3] === undefined ? -1 : integerArgument(name, 'count', list[3]);
      const parts = haystack.split(needle);
      if (count < 0 || count >= parts.length - 1) return parts.join(replacement);
      return parts.slice(0, count + 1).join(replacement) + needle + parts.slice(count + 1).join(needle);
    }
    case 'string_split': {
      const parts = stringArgument(name, 'input', list[0]).split(stringArgument(name, 'separator', list[1]));
      if (list[2] === undefined) return parts;
      const index = integerArgument(name, 'index', list[2]);
      if (index >= parts.length || index < -parts.length)
        throw new EvaluationFailure(`string_split: index ${index} is out of range (${parts.length} parts)`);
      return parts.at(index);
    }
    case 'string_lower':
      return stringArgument(name, 'input', args).toLowerCase();
    case 'string_upper':
      return stringArgument(name, 'input', args).toUpperCase();
    default:
      throw new EvaluationFailure(`Unknown function ${name}`);
  }
}

/** Walks `path` into a value; `onFunction` decides what to do with a function met on the way. */
export function walkPath(
  root: unknown,
  path: PathItem[],
  describeMissing: () => string,
  options: { missing: 'fail' | 'undefined'; onFunction?: (call: unknown, rest: PathItem[]) => unknown },
): unknown {
  let value = root;
  for (const [i, key] of path.entries()) {
    if (options.onFunction && asFunctionCall(value)) return options.onFunction(value, path.slice(i));
    if (isYamlMap(value) && typeof key === 'string' && Object.hasOwn(value, key)) value = value[key];
    else if (Array.isArray(value) && typeof key === 'number' && key < value.length && key >= -value.length)
      value = value.at(key);
    else if (options.missing === 'fail') throw new EvaluationFailure(describeMissing());
    else return undefined;
  }
  return value;
}
