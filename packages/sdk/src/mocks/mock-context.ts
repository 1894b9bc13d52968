// MockCloudifyContext: the SDK's own ctx implementation over the in-memory backend, plus records of
// what the operation did. Being the same implementation as the real one, it cannot drift from it.
import { randomBytes } from 'node:crypto';
import type { LogLevel } from '../context/backend.js';
import { Context } from '../context/context.js';
import {
  unwrapOptional,
  type ContextData,
  type Fetched,
  type InstanceData,
  type InstanceSubject,
  type NodeData,
  type RelationshipData,
  type SubjectData,
} from '../context/data.js';
import { inputsFromValues } from '../context/inputs.js';
import { MemoryBackend } from '../context/memory-backend.js';
import type { NodeContext, NodeInstanceContext, Properties } from '../context/types.js';

/** A node and its instance, as a mock describes them. */
export interface MockSubjectOptions {
  /** The instance id; default `<nodeName>_<6 random chars>`. */
  nodeId?: string;
  /** The node template name; default taken from `nodeId`, else `mock_node`. */
  nodeName?: string;
  /** Default `cloudify.nodes.Root`. */
  nodeType?: string;
  /** Default `['cloudify.nodes.Root', nodeType]`. */
  typeHierarchy?: string[];
  properties?: Properties;
  runtimeProperties?: Properties;
  /** What `ctx.instance.hostIp` answers; default: the `ip` runtime property or node property. */
  hostIp?: string;
  /** `ctx.instance.relationships`; build entries with relationshipTo(). */
  relationships?: MockRelationshipOptions[];
  index?: number;
  numberOfInstances?: number;
}

export interface MockRelationshipOptions {
  /** Default `cloudify.relationships.connected_to`. */
  type?: string;
  typeHierarchy?: string[];
  target: MockSubjectOptions;
}

export interface MockOperationOptions {
  /** Default `cloudify.interfaces.lifecycle.create` (`…relationship_lifecycle.establish` for relationships). */
  name?: string;
  /** Default 0. */
  retryNumber?: number;
  /** Default -1 (unlimited), Cloudify's default for local runs. */
  maxRetries?: number;
  /** For relationship operations; default `source`. */
  relationship?: 'source' | 'target';
}

export interface MockCloudifyContextOptions<
  P extends Properties = Properties,
  R extends Properties = Properties,
> extends MockSubjectOptions {
  properties?: P;
  runtimeProperties?: R;
  /** Given `source` or `target`, the mock is a relationship-operation ctx. */
  source?: MockSubjectOptions;
  target?: MockSubjectOptions;
  operation?: MockOperationOptions;
  /** Blueprint resources by path, for getResource() and friends. */
  resources?: Record<string, string | Buffer>;
  /**
   * Operation inputs. They reach the operation as Cloudify's script runner delivers them: objects,
   * arrays and booleans intact, numbers as strings ("8080"), null as "None".
   */
  inputs?: Record<string, unknown>;
  deploymentId?: string;
  blueprintId?: string;
  executionId?: string;
  workflowId?: string;
  plugin?: string | { name: string };
}

/** A log line, by the name of the logger method that wrote it. */
export interface MockLogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

export interface MockRetry {
  message: string;
  retryAfter: number | undefined;
}

const METHOD_OF_LEVEL: Record<LogLevel, MockLogLine['level']> = {
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  error: 'error',
};

const BUILT_IN_HIERARCHIES: Record<string, string[]> = {
  'cloudify.relationships.depends_on': ['cloudify.relationships.depends_on'],
  'cloudify.relationships.connected_to': [
    'cloudify.relationships.depends_on',
    'cloudify.relationships.connected_to',
  ],
  'cloudify.relationships.contained_in': [
    'cloudify.relationships.depends_on',
    'cloudify.relationships.contained_in',
  ],
};

const ROOT_TYPE = 'cloudify.nodes.Root';

function randomSuffix(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(6)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function nodeNameOf(options: MockSubjectOptions, fallback: string): string {
  if (options.nodeName !== undefined) return options.nodeName;
  if (options.nodeId !== undefined) return options.nodeId.replace(/_[a-z0-9]{6}$/, '');
  return fallback;
}

function nodeData(options: MockSubjectOptions, name: string): NodeData {
  const type = options.nodeType ?? ROOT_TYPE;
  return {
    name,
    type,
    typeHierarchy: options.typeHierarchy ?? (type === ROOT_TYPE ? [ROOT_TYPE] : [ROOT_TYPE, type]),
    properties: options.properties ?? {},
    numberOfInstances: options.numberOfInstances,
  };
}

function relationshipData(options: MockRelationshipOptions): RelationshipData {
  const type = options.type ?? 'cloudify.relationships.connected_to';
  const name = nodeNameOf(options.target, 'target_node');
  return {
    type,
    typeHierarchy: options.typeHierarchy ?? BUILT_IN_HIERARCHIES[type] ?? [type],
    target: {
      node: nodeData(options.target, name),
      instance: {
        id: options.target.nodeId ?? `${name}_${randomSuffix()}`,
        runtimeProperties: options.target.runtimeProperties ?? {},
      },
    },
  };
}

function subjectData(options: MockSubjectOptions, fallbackName: string): SubjectData {
  const name = nodeNameOf(options, fallbackName);
  const instance: InstanceData = {
    id: options.nodeId ?? `${name}_${randomSuffix()}`,
    runtimeProperties: options.runtimeProperties ?? {},
    index: options.index,
    relationships: (options.relationships ?? []).map(relationshipData),
  };
  if (options.hostIp !== undefined) instance.hostIp = options.hostIp;
  return { node: nodeData(options, name), instance };
}

function contextData(options: MockCloudifyContextOptions): ContextData {
  const relationship = options.source !== undefined || options.target !== undefined;
  const operation = options.operation ?? {};
  const base = {
    deploymentId: options.deploymentId ?? 'mock_deployment',
    blueprintId: options.blueprintId ?? 'mock_blueprint',
    executionId: options.executionId ?? 'mock_execution',
    workflowId: options.workflowId ?? 'install',
    pluginName: typeof options.plugin === 'object' ? options.plugin.name : (options.plugin ?? 'mock_plugin'),
    inputs: inputsFromValues(options.inputs ?? {}),
  };
  if (!relationship) {
    return {
      ...base,
      type: 'node-instance',
      operation: {
        name: operation.name ?? 'cloudify.interfaces.lifecycle.create',
        retryNumber: operation.retryNumber ?? 0,
        maxRetries: operation.maxRetries ?? -1,
        relationship: operation.relationship,
      },
      self: subjectData(options, 'mock_node'),
    };
  }
  return {
    ...base,
    type: 'relationship-instance',
    operation: {
      name: operation.name ?? 'cloudify.interfaces.relationship_lifecycle.establish',
      retryNumber: operation.retryNumber ?? 0,
      maxRetries: operation.maxRetries ?? -1,
      relationship: operation.relationship ?? 'source',
    },
    source: subjectData(options.source ?? {}, 'source_node'),
    target: subjectData(options.target ?? {}, 'target_node'),
  };
}

function initialRuntimeProperties(data: ContextData): Partial<Record<InstanceSubject, Properties>> {
  const stored = (subject: SubjectData | undefined): Properties =>
    (subject?.instance.runtimeProperties ?? {}) as Properties;
  return data.type === 'relationship-instance'
    ? { source: stored(data.source), target: stored(data.target) }
    : { instance: stored(data.self) };
}

/** Where a log line comes from, as Cloudify's local logs show it: `[web_x1y2z3.start]`. */
function logLabel(data: ContextData): string {
  const text = (value: Fetched<string> | undefined): string => unwrapOptional(value) ?? '?';
  const operation = text(data.operation.name).split('.').pop() ?? '';
  if (data.self) return `${text(data.self.instance.id)}.${operation}`;
  return `${text(data.source?.instance.id)}->${text(data.target?.instance.id)}|${operation}`;
}

/**
 * A ctx for unit tests: `await start(new MockCloudifyContext({ properties: { port: 8080 } }))`.
 * Records saves, log lines and retry requests. Log lines also go to stderr when the environment
 * variable CLOUDIFY_MOCK_LOG is set to 1.
 */
export class MockCloudifyContext<
  P extends Properties = Properties,
  R extends Properties = Properties,
> extends Context {
  /** Every log line, in order. */
  readonly logs: MockLogLine[];
  /** Every `ctx.operation.retry()` call, in order. */
  readonly retries: MockRetry[];
  /** The instance's runtime properties after each save that changed them (node operations). */
  readonly savedRuntimeProperties: R[];
  /** The same for the two ends of a relationship operation. */
  readonly savedSourceRuntimeProperties: Properties[];
  readonly savedTargetRuntimeProperties: Properties[];

  constructor(options: MockCloudifyContextOptions<P, R> = {}) {
    const logs: MockLogLine[] = [];
    const retries: MockRetry[] = [];
    const saves: Record<InstanceSubject, Properties[]> = { instance: [], source: [], target: [] };
    const data = contextData(options);
    const echo = process.env['CLOUDIFY_MOCK_LOG'] === '1';
    const backend = new MemoryBackend(options.resources ?? {}, initialRuntimeProperties(data), {
      log(level, message) {
        logs.push({ level: METHOD_OF_LEVEL[level], message });
        if (echo) process.stderr.write(`[${logLabel(data)}] ${level.toUpperCase()}: ${message}\n`);
      },
      saved(subject, runtimeProperties) {
        saves[subject].push(runtimeProperties);
      },
      retryRequested(message, retryAfter) {
        retries.push({ message, retryAfter });
      },
    });
    super(data, backend);
    this.logs = logs;
    this.retries = retries;
    this.savedRuntimeProperties = saves.instance as R[];
    this.savedSourceRuntimeProperties = saves.source;
    this.savedTargetRuntimeProperties = saves.target;
  }

  override get node(): NodeContext<P> {
    return super.node as NodeContext<P>;
  }

  override get instance(): NodeInstanceContext<R> {
    return super.instance as NodeInstanceContext<R>;
  }
}

/** A ctx for a relationship operation: `mockRelationshipContext({ source: {…}, target: {…} })`. */
export function mockRelationshipContext(
  options: Omit<MockCloudifyContextOptions, keyof MockSubjectOptions> & {
    source: MockSubjectOptions;
    target: MockSubjectOptions;
  },
): MockCloudifyContext {
  return new MockCloudifyContext(options);
}

/** An entry of `relationships`: `relationshipTo({ nodeName: 'db', runtimeProperties: { port: 5432 } })`. */
export function relationshipTo(
  target: MockSubjectOptions,
  type = 'cloudify.relationships.connected_to',
  typeHierarchy?: string[],
): MockRelationshipOptions {
  return typeHierarchy === undefined ? { type, target } : { type, typeHierarchy, target };
}
