// Fetches what a ctx needs over the ctx proxy, all requests of a round in parallel. The first round
// assumes a node operation (the common case); a relationship operation takes a second round for
// its two ends. Members the proxy cannot answer (Cloudify cannot serialise instance relationships;
// an instance may have no host ip) become Unavailable and fail only where they are used.
import { NonRecoverableError } from '../errors.js';
import { CtxProxyError, type CtxProxyClient } from '../proxy/client.js';
import {
  Unavailable,
  type ContextData,
  type Fetched,
  type InstanceData,
  type NodeData,
  type RelationshipData,
  type SubjectData,
} from './data.js';
import { operationError } from './proxy-backend.js';
import type { ContextType, OperationInputs, Properties } from './types.js';

type Check<T> = (value: unknown) => value is T;

const isString: Check<string> = (value): value is string => typeof value === 'string';
const isNumber: Check<number> = (value): value is number => typeof value === 'number';
const isStringArray: Check<string[]> = (value): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');
const isObject: Check<Properties> = (value): value is Properties =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isOptionalNumber: Check<number | undefined> = (value): value is number | undefined =>
  value === undefined || typeof value === 'number';
const isRelationshipSide: Check<'source' | 'target' | undefined> = (
  value,
): value is 'source' | 'target' | undefined =>
  value === undefined || value === 'source' || value === 'target';
const CONTEXT_TYPES: readonly string[] = ['deployment', 'node-instance', 'relationship-instance'];

class Fetcher {
  constructor(private readonly client: CtxProxyClient) {}

  /** One member; a proxy `error` becomes Unavailable, a transport failure is thrown. */
  async get<T>(args: string[], check: Check<T>): Promise<Fetched<T>> {
    let value: unknown;
    try {
      value = await this.client.call(args);
    } catch (error) {
      if (!(error instanceof CtxProxyError)) throw error;
      return new Unavailable(operationError(error) as Error);
    }
    const normalised = value === null ? undefined : value;
    if (check(normalised)) return normalised;
    return new Unavailable(
      new NonRecoverableError(
        `ctx ${args.join(' ')}: unexpected answer from the ctx proxy: ${JSON.stringify(value)}`,
      ),
    );
  }
}

function relationshipsUnavailable(error: Error): Unavailable {
  return new Unavailable(
    new NonRecoverableError(
      `ctx.instance.relationships is not available through this ctx proxy (${error.message}). ` +
        "Cloudify's proxy cannot send relationship objects; pass what the operation needs from related " +
        'nodes as operation inputs (get_attribute / get_property) instead.',
      { cause: error },
    ),
  );
}

/** Reads relationships when a proxy can send them as data (Cloudify's sends only an empty list). */
function parseRelationships(value: unknown): RelationshipData[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const parsed: RelationshipData[] = [];
  for (const item of value as unknown[]) {
    if (!isObject(item) || !isString(item['type']) || !isObject(item['target'])) return undefined;
    const { node, instance } = item['target'];
    if (!isObject(node) || !isObject(instance) || !isString(instance['id'])) return undefined;
    const name = isString(node['name']) ? node['name'] : node['id'];
    if (!isString(name)) return undefined;
    parsed.push({
      type: item['type'],
      typeHierarchy: isStringArray(item['type_hierarchy']) ? item['type_hierarchy'] : [item['type']],
      target: {
        node: {
          name,
          type: isString(node['type']) ? node['type'] : '',
          typeHierarchy: isStringArray(node['type_hierarchy']) ? node['type_hierarchy'] : [],
          properties: isObject(node['properties']) ? node['properties'] : {},
        },
        instance: {
          id: instance['id'],
          runtimeProperties: isObject(instance['runtime_properties']) ? instance['runtime_properties'] : {},
        },
      },
    });
  }
  return parsed;
}

async function fetchRelationships(fetcher: Fetcher, path: string[]): Promise<Fetched<RelationshipData[]>> {
  const answer = await fetcher.get([...path, 'relationships'], (_value): _value is unknown => true);
  if (answer instanceof Unavailable) return relationshipsUnavailable(answer.error);
  const parsed = parseRelationships(answer);
  return (
    parsed ?? relationshipsUnavailable(new Error(`unexpected answer ${JSON.stringify(answer).slice(0, 200)}`))
  );
}

async function fetchSubject(fetcher: Fetcher, prefix: string[]): Promise<SubjectData> {
  const node = [...prefix, 'node'];
  const instance = [...prefix, 'instance'];
  const [
    name,
    type,
    typeHierarchy,
    properties,
    numberOfInstances,
    id,
    runtimeProperties,
    index,
    hostIp,
    relationships,
  ] = await Promise.all([
    fetcher.get([...node, 'name'], isString),
    fetcher.get([...node, 'type'], isString),
    fetcher.get([...node, 'type_hierarchy'], isStringArray),
    fetcher.get([...node, 'properties'], isObject),
    fetcher.get([...node, 'number_of_instances'], isOptionalNumber),
    fetcher.get([...instance, 'id'], isString),
    fetcher.get([...instance, 'runtime_properties'], isObject),
    fetcher.get([...instance, 'index'], isOptionalNumber),
    fetcher.get([...instance, 'host_ip'], isString),
    fetchRelationships(fetcher, instance),
  ]);
  const nodeData: NodeData = { name, type, typeHierarchy, properties, numberOfInstances };
  const instanceData: InstanceData = { id, runtimeProperties, index, hostIp, relationships };
  return { node: nodeData, instance: instanceData };
}

/** Builds the data of the running operation's ctx from the ctx proxy. */
export async function loadContextData(client: CtxProxyClient, inputs: OperationInputs): Promise<ContextData> {
  const fetcher = new Fetcher(client);
  const [
    type,
    operationName,
    retryNumber,
    maxRetries,
    relationship,
    deploymentId,
    blueprintId,
    executionId,
    workflowId,
    pluginName,
    self,
  ] = await Promise.all([
    fetcher.get(['type'], isString),
    fetcher.get(['operation', 'name'], isString),
    fetcher.get(['operation', 'retry_number'], isNumber),
    fetcher.get(['operation', 'max_retries'], isNumber),
    fetcher.get(['operation', 'relationship'], isRelationshipSide),
    fetcher.get(['deployment', 'id'], isString),
    fetcher.get(['blueprint', 'id'], isString),
    fetcher.get(['execution_id'], isString),
    fetcher.get(['workflow_id'], isString),
    fetcher.get(['plugin', 'name'], isString),
    fetchSubject(fetcher, []),
  ]);
  if (type instanceof Unavailable) throw type.error;
  if (!CONTEXT_TYPES.includes(type))
    throw new NonRecoverableError(`ctx type: unexpected answer from the ctx proxy: ${type}`);
  const data: ContextData = {
    type: type as ContextType,
    deploymentId,
    blueprintId,
    executionId,
    workflowId,
    pluginName,
    operation: { name: operationName, retryNumber, maxRetries, relationship },
    inputs,
  };
  if (type === 'node-instance') data.self = self;
  if (type === 'relationship-instance') {
    const [source, target] = await Promise.all([
      fetchSubject(fetcher, ['source']),
      fetchSubject(fetcher, ['target']),
    ]);
    data.source = source;
    data.target = target;
  }
  return data;
}
