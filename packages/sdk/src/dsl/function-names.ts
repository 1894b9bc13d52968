// Which maps are intrinsic function calls (`{get_input: port}`), and when each function can be
// evaluated: plan-time ("hybrid" in Cloudify) or only at run time.
import { isYamlMap } from './yaml-source.js';

export const PLAN_TIME_FUNCTIONS = new Set([
  'get_input',
  'get_property',
  'concat',
  'merge',
  'string_find',
  'string_replace',
  'string_split',
  'string_lower',
  'string_upper',
]);

/** Functions that only a Cloudify manager can answer. */
export const MANAGER_ONLY_FUNCTIONS = new Set([
  'get_secret',
  'get_capability',
  'get_group_capability',
  'get_environment_capability',
  'get_label',
  'get_sys',
  'get_consumers',
]);

export const RUNTIME_FUNCTIONS = new Set([
  'get_attribute',
  'get_attributes_list',
  'get_attributes_dict',
  ...MANAGER_ONLY_FUNCTIONS,
]);

export interface FunctionCall {
  name: string;
  args: unknown;
}

/** A map with exactly one key that names a function. */
export function asFunctionCall(value: unknown): FunctionCall | undefined {
  if (!isYamlMap(value)) return undefined;
  let name: string | undefined;
  for (const key in value) {
    if (name !== undefined) return undefined;
    name = key;
  }
  if (name === undefined || !(PLAN_TIME_FUNCTIONS.has(name) || RUNTIME_FUNCTIONS.has(name))) return undefined;
  return { name, args: value[name] };
}

/** Whether any function call (of `names`, or any at all) appears anywhere in `value`. */
export function containsFunction(value: unknown, names?: ReadonlySet<string>): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const call = asFunctionCall(value);
  if (call && (!names || names.has(call.name))) return true;
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => containsFunction(child, names));
}

/**
 * Stands for a value not known yet: an input not given when validating a blueprint without its
 * inputs. Anything computed from it is unknown too, and no check is made on it.
 */
export const UNKNOWN_VALUE: unique symbol = Symbol('unknown value');

export function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN_VALUE) return true;
  if (typeof value !== 'object' || value === null) return false;
  return (Array.isArray(value) ? value : Object.values(value)).some(isUnknown);
}
