// Deployment inputs against the blueprint's `inputs` section: unknown inputs, missing required
// inputs, wrong types (105) and constraint violations; defaults applied.
import { ErrorCode } from './errors.js';
import { containsFunction } from './function-names.js';
import { closest, type ErrorCollector } from './parse-context.js';
import { checkValue, type DataTypeLookup, type SchemaMap } from './schema.js';

export interface ResolvedInputs {
  values: Record<string, unknown>;
  /** Declared, without default, and not given (only when missing inputs are allowed). */
  unknown: Set<string>;
}

export function resolveInputs(
  schema: SchemaMap,
  given: Record<string, unknown>,
  dataTypes: DataTypeLookup,
  collector: ErrorCollector,
  allowMissing: boolean,
): ResolvedInputs {
  const values: Record<string, unknown> = {};
  const unknown = new Set<string>();
  for (const name of Object.keys(given)) {
    if (schema.has(name)) continue;
    const guess = closest(name, schema.keys());
    collector.errors.add(
      undefined,
      `Unknown input '${name}' specified; the blueprint declares: ${[...schema.keys()].join(', ') || 'no inputs'}`,
      undefined,
      guess
        ? `did you mean '${guess}'?`
        : `remove it, or declare it under inputs in ${collector.fallbackFile}`,
    );
  }
  const vc = { reporter: collector, dataTypes };
  for (const [name, input] of schema) {
    const where = {
      container: input.where.container,
      key: name,
      path: `inputs.${name}`,
      which: 'key' as const,
    };
    let value: unknown;
    if (Object.hasOwn(given, name)) value = given[name];
    else if (input.hasDefault) value = input.default;
    else if (!input.required) value = null;
    else if (allowMissing) {
      unknown.add(name);
      continue;
    } else {
      collector.error(
        undefined,
        `Required input '${name}' was not specified${input.description ? ` (${input.description})` : ''}`,
        where,
        `give a value for '${name}' (cloudify-local init -i ${name}=<value>), or a default in the blueprint`,
      );
      continue;
    }
    if (input.constraints.length > 0 && containsFunction(value)) {
      collector.error(
        ErrorCode.inputWithFunctionsAndConstraints,
        `Input '${name}' cannot contain an intrinsic function and also have constraints`,
        where,
      );
      continue;
    }
    values[name] = checkValue(value, input, where, vc);
  }
  return { values, unknown };
}
