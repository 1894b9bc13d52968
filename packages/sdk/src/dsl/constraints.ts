// Input and property constraints (reference cloudify-api.md §6.4): a list of single-key maps such
// as `- greater_than: 0` or `- valid_values: [a, b]`.
import { ErrorCode } from './errors.js';
import { describe, type Reporter } from './parse-context.js';
import { deepEqual, pythonStr } from './values.js';
import { isYamlMap } from './yaml-source.js';

export interface Constraint {
  operator: string;
  argument: unknown;
  errorMessage?: string;
  /** undefined when the value satisfies it, else why not. */
  check(value: unknown): string | undefined;
}

type ArgumentKind = 'scalar' | 'range' | 'sequence' | 'regex' | 'manager';

const OPERATORS: Record<string, ArgumentKind> = {
  equal: 'scalar',
  greater_than: 'scalar',
  greater_or_equal: 'scalar',
  less_than: 'scalar',
  less_or_equal: 'scalar',
  in_range: 'range',
  valid_values: 'sequence',
  length: 'scalar',
  min_length: 'scalar',
  max_length: 'scalar',
  pattern: 'regex',
  // Checked against a manager's data; accepted and not checked locally.
  filter_id: 'manager',
  labels: 'manager',
  tenants: 'manager',
  name_pattern: 'manager',
  deployment_id: 'manager',
};

const isNumber = (v: unknown): v is number => typeof v === 'number';

function validArgument(kind: ArgumentKind, operator: string, arg: unknown): boolean {
  switch (kind) {
    case 'scalar':
      return operator === 'equal' ? arg !== undefined : isNumber(arg);
    case 'range':
      return Array.isArray(arg) && arg.length === 2 && arg.every(isNumber);
    case 'sequence':
      return Array.isArray(arg);
    case 'regex':
      return typeof arg === 'string' && compiles(arg);
    case 'manager':
      return true;
  }
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function lengthOf(value: unknown): number | undefined {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (isYamlMap(value)) return Object.keys(value).length;
  return undefined;
}

function compare(
  value: unknown,
  arg: unknown,
  test: (a: number | string, b: number | string) => boolean,
): string | undefined {
  if (isNumber(value) && isNumber(arg)) return test(value, arg) ? undefined : 'violated';
  if (typeof value === 'string' && typeof arg === 'string') return test(value, arg) ? undefined : 'violated';
  return `value is not comparable with ${pythonStr(arg)}`;
}

function predicate(operator: string, arg: unknown): (value: unknown) => string | undefined {
  const length = (test: (n: number) => boolean) => (value: unknown) => {
    const n = lengthOf(value);
    if (n === undefined) return `the length of ${describe(value)} cannot be computed`;
    return test(n) ? undefined : 'violated';
  };
  switch (operator) {
    case 'equal':
      return (v) => (deepEqual(v, arg) ? undefined : 'violated');
    case 'greater_than':
      return (v) => compare(v, arg, (a, b) => a > b);
    case 'greater_or_equal':
      return (v) => compare(v, arg, (a, b) => a >= b);
    case 'less_than':
      return (v) => compare(v, arg, (a, b) => a < b);
    case 'less_or_equal':
      return (v) => compare(v, arg, (a, b) => a <= b);
    case 'in_range': {
      const [min, max] = arg as [number, number];
      return (v) => compare(v, min, (a, b) => a >= b) ?? compare(v, max, (a, b) => a <= b);
    }
    case 'valid_values':
      return (v) => ((arg as unknown[]).some((item) => deepEqual(item, v)) ? undefined : 'violated');
    case 'length':
      return length((n) => n === arg);
    case 'min_length':
      return length((n) => n >= (arg as number));
    case 'max_length':
      return length((n) => n <= (arg as number));
    case 'pattern': {
      const regex = new RegExp(`^(?:${arg as string})$`, 'u');
      return (v) =>
        typeof v !== 'string'
          ? `value must be a string, got ${describe(v)}`
          : regex.test(v)
            ? undefined
            : 'violated';
    }
    default:
      return () => undefined;
  }
}

/** Parses a `constraints:` list; reports unknown operators (1) and bad arguments (212). */
export function parseConstraints(
  raw: unknown,
  container: unknown,
  key: string,
  path: string,
  reporter: Reporter,
): Constraint[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    reporter.error(ErrorCode.format, `Expected a list of constraints at ${path}`, { container, key, path });
    return [];
  }
  const constraints: Constraint[] = [];
  raw.forEach((item, index) => {
    const where = { container: raw, key: index, path: `${path}[${index}]` };
    const operators = isYamlMap(item) ? Object.keys(item).filter((k) => k !== 'error_message') : [];
    const operator = operators[0];
    if (!isYamlMap(item) || operators.length !== 1 || operator === undefined) {
      reporter.error(
        ErrorCode.format,
        `A constraint must be a map with exactly one operator, e.g. '- greater_than: 0'`,
        where,
      );
      return;
    }
    const kind = OPERATORS[operator];
    if (!kind) {
      reporter.error(
        ErrorCode.format,
        `Unknown constraint operator '${operator}'`,
        where,
        `use one of ${Object.keys(OPERATORS).join(', ')}`,
      );
      return;
    }
    const argument = item[operator];
    if (!validArgument(kind, operator, argument)) {
      reporter.error(
        ErrorCode.invalidConstraintArgument,
        `Invalid constraint operator argument ${pythonStr(argument)}, for constraint operator '${operator}'`,
        where,
      );
      return;
    }
    const check = predicate(operator, argument);
    const errorMessage = typeof item.error_message === 'string' ? item.error_message : undefined;
    constraints.push({ operator, argument, errorMessage, check });
  });
  return constraints;
}

export function describeConstraint(c: Constraint): string {
  const args = Array.isArray(c.argument) ? c.argument.map(pythonStr).join(', ') : pythonStr(c.argument);
  return `${c.operator}(${args})`;
}
