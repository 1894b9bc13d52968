// Checks on a deployment after a workflow: runtime properties, states, outputs. They all run,
// and every mismatch is reported together (terraform-plugin-testing's state checks), so one
// failing test run shows everything that is wrong.
import { inspect, isDeepStrictEqual } from 'node:util';
import type { NodeInstanceState, StoredNodeInstance } from '../storage/types.js';

/** A value (deep equality), a RegExp (for strings) or a predicate. */
export type Expected = unknown;

export interface CheckTarget {
  instances(nodeName?: string): Promise<StoredNodeInstance[]>;
  outputs(): Promise<Record<string, unknown>>;
}

export interface Check {
  readonly description: string;
  /** Mismatch messages; empty when the check holds. */
  run(target: CheckTarget): Promise<string[]>;
}

export class CheckFailedError extends Error {
  override name = 'CheckFailedError';
  constructor(readonly mismatches: readonly string[]) {
    const count = mismatches.length === 1 ? '1 check failed' : `${mismatches.length} checks failed`;
    super(`${count}:\n${mismatches.map((m) => `  - ${m}`).join('\n')}`);
  }
}

const show = (value: unknown) => inspect(value, { depth: 6, breakLength: Infinity });

function matches(actual: unknown, expected: Expected): boolean {
  if (expected instanceof RegExp) return typeof actual === 'string' && expected.test(actual);
  if (typeof expected === 'function') return (expected as (v: unknown) => unknown)(actual) === true;
  return isDeepStrictEqual(actual, expected);
}

function describeExpected(expected: Expected): string {
  if (expected instanceof RegExp) return `a string matching ${String(expected)}`;
  if (typeof expected === 'function') return `a value accepted by ${expected.name || 'the predicate'}`;
  return show(expected);
}

/** Instances named by node name (all of them) or by instance id. */
async function select(target: CheckTarget, nodeOrInstance: string): Promise<StoredNodeInstance[] | string> {
  const all = await target.instances();
  const chosen = all.filter((i) => i.nodeName === nodeOrInstance || i.id === nodeOrInstance);
  if (chosen.length > 0) return chosen;
  const nodes = [...new Set(all.map((i) => i.nodeName))].join(', ');
  return `${nodeOrInstance}: no node or node instance of that name (nodes: ${nodes})`;
}

function pathOf(path: string | readonly (string | number)[]): (string | number)[] {
  return typeof path === 'string' ? path.split('.') : [...path];
}

function dig(value: unknown, path: readonly (string | number)[]): { found: boolean; value?: unknown } {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !(String(key) in current)) return { found: false };
    current = (current as Record<string, unknown>)[String(key)];
  }
  return { found: true, value: current };
}

/**
 * Every instance of `node` (a node name or an instance id) has the runtime property at `path`
 * (`'a.b'` or `['a', 'b']`) and it matches `expected`.
 */
export function expectRuntimeProperty(
  node: string,
  path: string | readonly (string | number)[],
  expected: Expected,
): Check {
  const keys = pathOf(path);
  const name = keys.join('.');
  return {
    description: `${node}: runtime property ${name} is ${describeExpected(expected)}`,
    async run(target) {
      const instances = await select(target, node);
      if (typeof instances === 'string') return [instances];
      return instances.flatMap((instance) => {
        const { found, value } = dig(instance.runtimeProperties, keys);
        if (!found)
          return [
            `${instance.id}: runtime property ${name} is not set (expected ${describeExpected(expected)})`,
          ];
        return matches(value, expected)
          ? []
          : [
              `${instance.id}: runtime property ${name} is ${show(value)}, expected ${describeExpected(expected)}`,
            ];
      });
    },
  };
}

/** No instance of `node` has the runtime property at `path`. */
export function expectNoRuntimeProperty(node: string, path: string | readonly (string | number)[]): Check {
  const keys = pathOf(path);
  const name = keys.join('.');
  return {
    description: `${node}: runtime property ${name} is not set`,
    async run(target) {
      const instances = await select(target, node);
      if (typeof instances === 'string') return [instances];
      return instances.flatMap((instance) => {
        const { found, value } = dig(instance.runtimeProperties, keys);
        return found
          ? [`${instance.id}: runtime property ${name} is ${show(value)}, expected it not to be set`]
          : [];
      });
    },
  };
}

/** Every instance of `node` is in `state`. */
export function expectState(node: string, state: NodeInstanceState): Check {
  return {
    description: `${node}: state is ${state}`,
    async run(target) {
      const instances = await select(target, node);
      if (typeof instances === 'string') return [instances];
      return instances
        .filter((i) => i.state !== state)
        .map((i) => `${i.id}: state is ${i.state}, expected ${state}`);
    },
  };
}

/** `node` has exactly `count` instances. */
export function expectInstanceCount(node: string, count: number): Check {
  return {
    description: `${node}: ${count} instances`,
    async run(target) {
      const found = (await target.instances()).filter((i) => i.nodeName === node).length;
      return found === count ? [] : [`${node}: ${found} instances, expected ${count}`];
    },
  };
}

/** The blueprint output `name` evaluates to a value matching `expected`. */
export function expectOutput(name: string, expected: Expected): Check {
  return {
    description: `output ${name} is ${describeExpected(expected)}`,
    async run(target) {
      const outputs = await target.outputs();
      if (!(name in outputs))
        return [`output ${name} does not exist (outputs: ${Object.keys(outputs).join(', ') || 'none'})`];
      const value = outputs[name];
      return matches(value, expected)
        ? []
        : [`output ${name} is ${show(value)}, expected ${describeExpected(expected)}`];
    },
  };
}

/** Runs every check, then throws one CheckFailedError listing all mismatches (if any). */
export async function runChecks(target: CheckTarget, checks: readonly Check[]): Promise<void> {
  const results = await Promise.all(
    checks.map((check) =>
      check
        .run(target)
        .catch((error: unknown) => [
          `${check.description}: ${error instanceof Error ? error.message : String(error)}`,
        ]),
    ),
  );
  const mismatches = results.flat();
  if (mismatches.length > 0) throw new CheckFailedError(mismatches);
}
