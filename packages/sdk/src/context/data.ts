// The plain data a context is built from. A transport fills it (the mocks from their options, the
// process entry from ctx-proxy replies); the one ctx implementation in context.ts reads it.
import type { ContextType, OperationInputs, Properties } from './types.js';

/**
 * A value the transport could not obtain (e.g. a member Cloudify's proxy cannot serialise). The
 * error is thrown where the value is used, not where it was fetched.
 */
export class Unavailable {
  constructor(readonly error: Error) {}
}

export type Fetched<T> = T | Unavailable;

export function unwrap<T>(value: Fetched<T>): T {
  if (value instanceof Unavailable) throw value.error;
  return value;
}

/** An optional member: unavailable reads as undefined. */
export function unwrapOptional<T>(value: Fetched<T | undefined> | undefined): T | undefined {
  return value instanceof Unavailable ? undefined : value;
}

export interface NodeData {
  name: Fetched<string>;
  type: Fetched<string>;
  typeHierarchy: Fetched<readonly string[]>;
  properties: Fetched<Properties>;
  numberOfInstances?: Fetched<number | undefined>;
}

export interface RelationshipData {
  type: string;
  typeHierarchy: readonly string[];
  target: { node: NodeData; instance: { id: string; runtimeProperties: Properties } };
}

export interface InstanceData {
  id: Fetched<string>;
  runtimeProperties: Fetched<Properties>;
  index?: Fetched<number | undefined>;
  /** When absent, the host ip is looked up in the instance's own `ip` runtime property or node property. */
  hostIp?: Fetched<string>;
  relationships?: Fetched<readonly RelationshipData[]>;
}

export interface SubjectData {
  node: NodeData;
  instance: InstanceData;
}

export interface OperationData {
  name: Fetched<string>;
  retryNumber: Fetched<number>;
  maxRetries: Fetched<number>;
  relationship?: Fetched<'source' | 'target' | undefined>;
}

export interface ContextData {
  type: ContextType;
  deploymentId: Fetched<string>;
  blueprintId: Fetched<string>;
  executionId: Fetched<string>;
  workflowId: Fetched<string>;
  pluginName: Fetched<string>;
  operation: OperationData;
  /** Present in a node-instance context. */
  self?: SubjectData;
  /** Present in a relationship-instance context. */
  source?: SubjectData;
  target?: SubjectData;
  /** The operation's inputs, as Cloudify's script runner hands them over. */
  inputs: OperationInputs;
}

/** Where an instance sits in the context: the operation's own, or one end of a relationship. */
export type InstanceSubject = 'instance' | 'source' | 'target';
