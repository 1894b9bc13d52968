// cloudify-plugin-sdk: write Cloudify plugin operations in TypeScript.
// This module is what every plugin bundle loads per operation: keep its imports light.
export { ctx } from './context/current.js';
export {
  operation,
  relationshipOperation,
  runOperation,
  isOperation,
  type AnyOperationContext,
  type InputsArgument,
  type NodeOperationFunction,
  type Operation,
  type OperationKind,
  type OperationOutcome,
  type RelationshipOperationFunction,
} from './operation.js';
export { runPlugin, executePlugin, type PluginOperations, type RunPluginOptions } from './entry.js';
export {
  HttpError,
  NonRecoverableError,
  OperationRetry,
  RecoverableError,
  isNonRecoverableError,
  isOperationRetry,
  isRecoverableError,
  type ErrorCause,
  type ErrorOptions,
  type RecoverableErrorOptions,
} from './errors.js';
export {
  CtxProxyClient,
  CtxProxyError,
  CtxProxyStopOperation,
  CtxProxyTransportError,
  type CtxProxyClientOptions,
  type CtxProxyResponse,
} from './proxy/client.js';
export type * from './context/types.js';
