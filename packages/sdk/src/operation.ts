// operation() / relationshipOperation(): what Cloudify's dispatcher does around a plugin function.
// The function runs with its ctx as the ambient ctx; afterwards the runtime properties are ALWAYS
// handed over (also when it threw); then its value is returned or its error rethrown.
import { CONTEXT_INPUTS, FLUSH, SAVE_RUNTIME_PROPERTIES, isSdkContext } from './context/context.js';
import { withCtx } from './context/current.js';
import { inputsFromValues, isOperationInputs } from './context/inputs.js';
import type {
  CloudifyContext,
  ContextType,
  InputsFor,
  NodeOperationContext,
  OperationInputs,
  Properties,
  RelationshipOperationContext,
} from './context/types.js';
import { NonRecoverableError, isNonRecoverableError, isOperationRetry, toError } from './errors.js';

const OPERATION_KIND = Symbol.for('cloudify-plugin-sdk.operation-kind');

export type OperationKind = 'node' | 'relationship';

/** Any ctx an operation can be called with: the SDK's, a mock, or a typed view of either. */
export type AnyOperationContext = CloudifyContext | NodeOperationContext | RelationshipOperationContext;

/** Inputs as the operation receives them, or plain values (encoded as the script runner would). */
export type InputsArgument = OperationInputs | Record<string, unknown>;

/** A wrapped operation: call it with a ctx (and optionally inputs) to run it. */
export interface Operation<T = unknown> {
  (ctx: AnyOperationContext, inputs?: InputsArgument): Promise<T>;
  readonly [OPERATION_KIND]: OperationKind;
}

/** `I`: the operation's declared inputs (a generated inputs type), or undefined for untyped inputs. */
export type NodeOperationFunction<
  P extends Properties,
  R extends Properties,
  T,
  I extends object | undefined = undefined,
> = (ctx: NodeOperationContext<P, R>, inputs: InputsFor<I>) => T | Promise<T>;

export type RelationshipOperationFunction<T> = (
  ctx: RelationshipOperationContext,
  inputs: OperationInputs,
) => T | Promise<T>;

/** How an operation ended; runOperation never throws. */
export type OperationOutcome<T = unknown> =
  | { status: 'succeeded'; value: T }
  | { status: 'retry'; message: string; retryAfter?: number }
  | { status: 'failed'; recoverable: boolean; error: Error };

const EXPECTED_CONTEXT: Record<OperationKind, ContextType> = {
  node: 'node-instance',
  relationship: 'relationship-instance',
};

export function isOperation(value: unknown): value is Operation {
  return typeof value === 'function' && OPERATION_KIND in value;
}

export function operationKind(op: Operation): OperationKind {
  return op[OPERATION_KIND];
}

function checkContext(kind: OperationKind, context: AnyOperationContext): void {
  if (context.type === EXPECTED_CONTEXT[kind]) return;
  const advice =
    kind === 'node'
      ? 'operations under source_interfaces/target_interfaces are made with relationshipOperation()'
      : 'lifecycle operations of a node are made with operation()';
  throw new NonRecoverableError(
    `This operation needs a ${EXPECTED_CONTEXT[kind]} context but was called with a ${context.type} context: ${advice}`,
  );
}

function resolveInputs(context: AnyOperationContext, inputs: InputsArgument | undefined): OperationInputs {
  if (inputs !== undefined) return isOperationInputs(inputs) ? inputs : inputsFromValues(inputs);
  if (isSdkContext(context)) return context[CONTEXT_INPUTS];
  return inputsFromValues({});
}

async function handOverRuntimeProperties(context: AnyOperationContext, kind: OperationKind): Promise<void> {
  if (isSdkContext(context)) return context[SAVE_RUNTIME_PROPERTIES]();
  // A ctx from elsewhere: do what Cloudify's dispatcher does, through the public API.
  if (kind === 'node') return (context as NodeOperationContext).instance.update();
  const { source, target } = context as RelationshipOperationContext;
  await Promise.all([source.instance.update(), target.instance.update()]);
}

function wrap<T>(
  kind: OperationKind,
  fn: (ctx: never, inputs: OperationInputs) => T | Promise<T>,
): Operation<T> {
  const run = async (context: AnyOperationContext, inputs?: InputsArgument): Promise<T> => {
    checkContext(kind, context);
    const resolved = resolveInputs(context, inputs);
    let failure: { error: unknown } | undefined;
    let value: T | undefined;
    try {
      value = await withCtx(context as CloudifyContext, () => fn(context as never, resolved));
    } catch (error) {
      failure = { error };
    }
    let ending = failure;
    try {
      await handOverRuntimeProperties(context, kind);
    } catch (saveError) {
      // An unsaveable value is a bug a retry cannot fix: it wins over a recoverable failure.
      if (!failure || (isNonRecoverableError(saveError) && !isNonRecoverableError(failure.error))) {
        ending = { error: saveError };
      } else {
        context.logger.error(`Could not save runtime properties: ${toError(saveError).message}`);
      }
    }
    // The operation has ended once its log lines are out, too.
    if (isSdkContext(context)) await context[FLUSH]();
    if (ending) throw ending.error;
    return value as T;
  };
  return Object.defineProperty(run, OPERATION_KIND, { value: kind, enumerable: false }) as Operation<T>;
}

/**
 * Makes a node operation (a lifecycle operation such as `cloudify.interfaces.lifecycle.start`).
 * `P` types `ctx.node.properties`, `R` types `ctx.instance.runtimeProperties`, `I` types the
 * `inputs` argument. `cloudify-plugin types` generates `P` and `I` from plugin.yaml:
 * `operation<WebServerProperties, WebServerRuntime, WebServerStartInputs>(async (ctx, inputs) => …)`.
 */
export function operation<
  P extends Properties = Properties,
  R extends Properties = Properties,
  I extends object | undefined = undefined,
  T = unknown,
>(fn: NodeOperationFunction<P, R, T, I>): Operation<Awaited<T>> {
  return wrap('node', fn as (ctx: never, inputs: OperationInputs) => Awaited<T>);
}

/** Makes a relationship operation (under a relationship's source_interfaces or target_interfaces). */
export function relationshipOperation<T = unknown>(
  fn: RelationshipOperationFunction<T>,
): Operation<Awaited<T>> {
  return wrap('relationship', fn as (ctx: never, inputs: OperationInputs) => Awaited<T>);
}

/** Classifies how an operation ended, by Cloudify's rules (an unknown error means "retry"). */
export function outcomeOf(error: unknown): Exclude<OperationOutcome, { status: 'succeeded' }> {
  if (isOperationRetry(error)) {
    return error.retryAfter === undefined
      ? { status: 'retry', message: error.reason }
      : { status: 'retry', message: error.reason, retryAfter: error.retryAfter };
  }
  return { status: 'failed', recoverable: !isNonRecoverableError(error), error: toError(error) };
}

/** Runs an operation and reports how it ended instead of throwing. */
export async function runOperation<T>(
  op: Operation<T>,
  context: AnyOperationContext,
  inputs?: InputsArgument,
): Promise<OperationOutcome<T>> {
  try {
    return { status: 'succeeded', value: await op(context, inputs) };
  } catch (error) {
    return outcomeOf(error);
  }
}
