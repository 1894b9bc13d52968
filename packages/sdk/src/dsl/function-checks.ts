// Load-time checks of intrinsic function calls, before any input value is known: argument shapes,
// unknown inputs, unknown nodes, and SELF/SOURCE/TARGET used where they mean nothing.
import { asFunctionCall } from './function-names.js';
import { closest, describe, type ParseContext, type Where } from './parse-context.js';
import { pythonStr } from './values.js';
import { isYamlMap } from './yaml-source.js';

/** Where a value sits: node properties and operations (SELF), relationships (SOURCE/TARGET), or neither. */
export type FunctionScope = 'node' | 'relationship' | 'outputs';

export interface FunctionCheckContext {
  ctx: ParseContext;
  inputs: ReadonlySet<string>;
  nodes: ReadonlySet<string>;
}

const REFS = ['SELF', 'SOURCE', 'TARGET'];
const ALLOWED_REFS: Record<FunctionScope, string[]> = {
  node: ['SELF'],
  relationship: ['SOURCE', 'TARGET'],
  outputs: [],
};
const isPathItem = (x: unknown): boolean =>
  typeof x === 'string' || Number.isInteger(x) || asFunctionCall(x) !== undefined;

/** Checks every function call inside `value` (found at `where`). */
export function checkFunctions(
  value: unknown,
  scope: FunctionScope,
  where: Where,
  fc: FunctionCheckContext,
): void {
  if (typeof value !== 'object' || value === null) return;
  const call = asFunctionCall(value);
  if (call) {
    const at: Where = { container: value, key: call.name, path: where.path, which: 'key' };
    checkCall(call.name, call.args, scope, at, fc);
    checkFunctions(call.args, scope, { container: value, key: call.name, path: where.path }, fc);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) =>
      checkFunctions(item, scope, { container: value, key: i, path: `${where.path}[${i}]` }, fc),
    );
  } else {
    for (const [key, item] of Object.entries(value)) {
      checkFunctions(item, scope, { container: value, key, path: `${where.path}.${key}` }, fc);
    }
  }
}

function checkCall(
  name: string,
  args: unknown,
  scope: FunctionScope,
  at: Where,
  fc: FunctionCheckContext,
): void {
  const { ctx } = fc;
  const illegal = (expected: string): void =>
    ctx.error(
      undefined,
      `Illegal arguments passed to ${name} function. Expected: ${expected} but got: ${pythonStr(args)}`,
      at,
    );
  switch (name) {
    case 'get_input': {
      const first: unknown = Array.isArray(args) ? args[0] : args;
      if (!(
        typeof args === 'string' ||
        asFunctionCall(args) ||
        (Array.isArray(args) && args.length >= 1 && args.every(isPathItem))
      )) {
        illegal('an input name, or a list [input_name, key_or_index, …]');
      } else if (typeof first === 'string' && !fc.inputs.has(first)) {
        const guess = closest(first, fc.inputs);
        ctx.error(
          undefined,
          `get_input function references an unknown input '${first}'`,
          at,
          guess ? `did you mean '${guess}'?` : `declare '${first}' under inputs`,
        );
      }
      return;
    }
    case 'get_property':
    case 'get_attribute':
    case 'get_attributes_list':
      if (!Array.isArray(args) || args.length < 2 || !args.every(isPathItem)) {
        illegal('[node_name|SELF|SOURCE|TARGET, name, nested_key_or_index, …]');
        return;
      }
      checkNodeRef(name, args[0], scope, at, fc);
      return;
    case 'get_attributes_dict':
      if (!Array.isArray(args) || args.length < 2) illegal('[node_name, attribute_or_path, …]');
      else checkNodeRef(name, args[0], scope, at, fc);
      return;
    case 'concat':
    case 'merge':
      ctx.gate(name === 'concat' ? 'concat' : 'merge', `the ${name} function`, at.container, at.key, at.path);
      if (!Array.isArray(args)) illegal('[arg1, arg2, …]');
      else if (name === 'merge') {
        args.forEach((item, i) => {
          if (!isYamlMap(item))
            ctx.error(undefined, `merge needs maps to merge; item ${i} is ${describe(item)}`, at);
        });
      }
      return;
    case 'string_find':
      if (!Array.isArray(args) || args.length !== 2) illegal('[haystack, needle]');
      return;
    case 'string_replace':
      if (!Array.isArray(args) || args.length < 3 || args.length > 4)
        illegal('[haystack, needle, replacement, count?]');
      return;
    case 'string_split':
      if (!Array.isArray(args) || args.length < 2 || args.length > 3) illegal('[string, separator, index?]');
      return;
    case 'string_lower':
    case 'string_upper':
      if (typeof args !== 'string' && !asFunctionCall(args)) illegal('a string');
      return;
    default:
      return;
  }
}

function checkNodeRef(
  name: string,
  ref: unknown,
  scope: FunctionScope,
  at: Where,
  fc: FunctionCheckContext,
): void {
  if (typeof ref !== 'string') return;
  if (REFS.includes(ref)) {
    if (ALLOWED_REFS[scope].includes(ref)) return;
    const where =
      scope === 'outputs'
        ? 'outputs and capabilities'
        : scope === 'node'
          ? 'node properties and operations'
          : 'relationships';
    fc.ctx.error(
      undefined,
      `${ref} cannot be used with ${name} function in ${at.path}`,
      at,
      `${ref} is not defined in ${where}; name the node instead`,
    );
    return;
  }
  if (fc.nodes.has(ref)) return;
  const guess = closest(ref, fc.nodes);
  fc.ctx.error(
    undefined,
    `${name} function node reference '${ref}' does not exist`,
    at,
    guess ? `did you mean '${guess}'?` : `use the name of a node template, or SELF`,
  );
}
