// Operation inputs. Cloudify's script runner passes them as environment variables: dicts, lists
// and booleans JSON-encoded, everything else through Python's str() — so a number arrives as
// "8080" and null as "None". `get` undoes the JSON encoding; numbers stay strings, because a
// string input "8080" looks exactly the same. The mocks encode their inputs the same way, so a
// unit test sees what the operation will see under a real manager.
import { NonRecoverableError } from '../errors.js';
import { formatPythonFloat } from '../proxy/python-format.js';
import type { OperationInputs } from './types.js';

/** How Cloudify's script runner turns one input value into an environment variable. */
export function encodeInput(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean' || typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : formatPythonFloat(value);
  if (typeof value === 'bigint') return value.toString();
  throw new NonRecoverableError(`An operation input must be JSON data, not a ${typeof value}`);
}

function decodeInput(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

class EncodedInputs implements OperationInputs {
  constructor(private readonly lookup: (name: string) => string | undefined) {}

  get<T = unknown>(name: string): T | undefined {
    const text = this.lookup(name);
    return text === undefined ? undefined : (decodeInput(text) as T);
  }

  require<T = unknown>(name: string): T {
    const value = this.get<T>(name);
    if (value === undefined) {
      throw new NonRecoverableError(
        `Operation input '${name}' is missing: give it a value under the operation's inputs in the blueprint or plugin.yaml`,
      );
    }
    return value;
  }
}

/** Inputs read from the environment of an operation process. */
export function inputsFromEnvironment(env: NodeJS.ProcessEnv): OperationInputs {
  return new EncodedInputs((name) => env[name]);
}

/** Inputs given as values (mocks, in-process runs), delivered the way the script runner would. */
export function inputsFromValues(values: Record<string, unknown>): OperationInputs {
  const encoded = new Map(
    Object.entries(values)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, encodeInput(value)]),
  );
  return new EncodedInputs((name) => encoded.get(name));
}

export function isOperationInputs(value: unknown): value is OperationInputs {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as OperationInputs).get === 'function' &&
    typeof (value as OperationInputs).require === 'function'
  );
}
