// The process entry of a plugin bundle. Cloudify's script runner (and cloudify-local) start it as
// `node plugin.mjs <operation>` with CTX_SOCKET_URL set; it fetches the ctx over the proxy, runs the
// exported operation, hands the runtime properties over, and reports how it ended:
//   value        -> `returns` (when not undefined), exit 0
//   NonRecoverableError -> `abort_operation`: the task fails without retry
//   OperationRetry, or RecoverableError with retryAfter -> `retry_operation`: rescheduled
//   anything else -> logged with its stack, exit 1: a recoverable failure, retried by Cloudify
// After abort/retry the exit code does not matter to Cloudify (script_runner/tasks.py `execute`).
// Keep this module's imports small: it runs once per operation.
import { Context, FLUSH } from './context/context.js';
import { inputsFromEnvironment } from './context/inputs.js';
import { requireJsonValue } from './context/json-value.js';
import { loadContextData } from './context/proxy-loader.js';
import { ProxyBackend } from './context/proxy-backend.js';
import { isNonRecoverableError, isRecoverableError } from './errors.js';
import { isOperation, runOperation, type OperationOutcome } from './operation.js';
import { CtxProxyClient } from './proxy/client.js';

export interface RunPluginOptions {
  /** Default `process.argv`; the operation name is `argv[2]`. */
  argv?: readonly string[];
  /** Default `process.env`: CTX_SOCKET_URL and the operation inputs. */
  env?: NodeJS.ProcessEnv;
}

/** The module's exports; the operations among them are those made with operation()/relationshipOperation(). */
export type PluginOperations = Readonly<Record<string, unknown>>;

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

function usage(operations: PluginOperations, problem: string): number {
  const names = Object.keys(operations).filter((name) => isOperation(operations[name]));
  process.stderr.write(
    `${problem}\n` +
      "Usage: node plugin.mjs <operation>   (with CTX_SOCKET_URL set, as Cloudify's script runner does)\n" +
      `Operations: ${names.length > 0 ? names.join(', ') : '(none: export operations made with operation())'}\n`,
  );
  return EXIT_USAGE;
}

/** Sends abort_operation/retry_operation; the proxy is expected to answer stop_operation. */
async function stopOperation(client: CtxProxyClient, args: unknown[]): Promise<number> {
  const response = await client.send(args);
  if (response.type === 'error') {
    process.stderr.write(
      `The ctx proxy refused ${String(args[0])}: ${response.errorType}: ${response.message}\n`,
    );
  }
  return EXIT_FAILED;
}

async function report(
  client: CtxProxyClient,
  context: Context,
  name: string,
  outcome: OperationOutcome,
): Promise<number> {
  if (outcome.status === 'succeeded') {
    if (outcome.value === undefined) return EXIT_OK;
    let value: unknown;
    try {
      value = requireJsonValue(outcome.value, `The value returned by operation '${name}'`);
    } catch (error) {
      return stopOperation(client, ['abort_operation', (error as Error).message]);
    }
    const response = await client.send(['returns', value, {}]);
    if (response.type === 'result') return EXIT_OK;
    const reason =
      response.type === 'error' ? `${response.errorType}: ${response.message}` : response.message;
    process.stderr.write(`The ctx proxy refused the value returned by operation '${name}': ${reason}\n`);
    return EXIT_FAILED;
  }
  if (outcome.status === 'retry') {
    const args = ['retry_operation', outcome.message];
    return stopOperation(client, outcome.retryAfter === undefined ? args : [...args, outcome.retryAfter]);
  }
  const { error } = outcome;
  if (isNonRecoverableError(error)) return stopOperation(client, ['abort_operation', error.message]);
  if (isRecoverableError(error) && error.retryAfter !== undefined) {
    return stopOperation(client, ['retry_operation', error.reason, error.retryAfter]);
  }
  context.logger.error(
    `Operation '${name}' failed (Cloudify will retry it): ${error.stack ?? error.message}`,
  );
  await context[FLUSH]();
  return EXIT_FAILED;
}

/** Runs the operation named on the command line; resolves to the process exit code. */
export async function executePlugin(
  operations: PluginOperations,
  options: RunPluginOptions = {},
): Promise<number> {
  const argv = options.argv ?? process.argv;
  const env = options.env ?? process.env;
  const name = argv[2];
  if (name === undefined || name === '') return usage(operations, 'No operation name given.');
  const op = Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!isOperation(op)) {
    return usage(
      operations,
      typeof op === 'function'
        ? `'${name}' is exported but is not an operation: wrap it with operation() or relationshipOperation().`
        : `Unknown operation '${name}'.`,
    );
  }
  const socketUrl = env['CTX_SOCKET_URL'];
  if (!socketUrl) {
    return usage(
      operations,
      `CTX_SOCKET_URL is not set: operation '${name}' runs under Cloudify's script runner or cloudify-local.`,
    );
  }
  let client: CtxProxyClient;
  try {
    client = new CtxProxyClient(socketUrl);
  } catch (error) {
    return usage(operations, (error as Error).message);
  }
  try {
    const inputs = inputsFromEnvironment(env);
    const context = new Context(await loadContextData(client, inputs), new ProxyBackend(client));
    const outcome = await runOperation(op, context, inputs);
    return await report(client, context, name, outcome);
  } catch (error) {
    process.stderr.write(`Operation '${name}' could not run: ${(error as Error).message}\n`);
    return EXIT_FAILED;
  } finally {
    client.close();
  }
}

/**
 * The main of a plugin bundle: `await runPlugin(operations)` with the module's operations, e.g.
 * `import * as operations from './tasks.js'`. Runs the operation named by `process.argv[2]` and
 * exits the process with 0 (succeeded), 1 (failed, aborted or retry requested) or 2 (usage).
 */
export async function runPlugin(operations: PluginOperations, options?: RunPluginOptions): Promise<never> {
  const code = await executePlugin(operations, options);
  process.exit(code);
}
