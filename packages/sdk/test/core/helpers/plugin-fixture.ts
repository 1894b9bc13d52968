// The fixture plugin (test/fixtures/core/plugin) and the ctx its operations see.
import { fileURLToPath } from 'node:url';
import { ProxyFailure, scriptRunnerCallables } from './fake-ctx-proxy.js';

export const FIXTURE_PLUGIN = fileURLToPath(new URL('../../fixtures/core/plugin/', import.meta.url));
export const FIXTURE_MAIN = fileURLToPath(new URL('../../fixtures/core/plugin/src/main.ts', import.meta.url));

/** What the script runner recorded: the `returns` value or the abort/retry message. */
export interface RunnerOutcome {
  value?: unknown;
  stop?: string;
  retryAfter?: unknown;
}

/** The members the entry reads first, all at once (it assumes a node operation). */
export const FIRST_ROUND: unknown[][] = [
  ['type'],
  ['operation', 'name'],
  ['operation', 'retry_number'],
  ['operation', 'max_retries'],
  ['operation', 'relationship'],
  ['deployment', 'id'],
  ['blueprint', 'id'],
  ['execution_id'],
  ['workflow_id'],
  ['plugin', 'name'],
  ...subjectReads([]),
];

export function subjectReads(prefix: string[]): unknown[][] {
  return [
    [...prefix, 'node', 'name'],
    [...prefix, 'node', 'type'],
    [...prefix, 'node', 'type_hierarchy'],
    [...prefix, 'node', 'properties'],
    [...prefix, 'node', 'number_of_instances'],
    [...prefix, 'instance', 'id'],
    [...prefix, 'instance', 'runtime_properties'],
    [...prefix, 'instance', 'index'],
    [...prefix, 'instance', 'host_ip'],
    [...prefix, 'instance', 'relationships'],
  ];
}

function subject(
  name: string,
  id: string,
  properties: Record<string, unknown>,
  runtimeProperties: Record<string, unknown>,
) {
  return {
    node: {
      name,
      type: 'fixture.nodes.Server',
      type_hierarchy: ['cloudify.nodes.Root', 'fixture.nodes.Server'],
      properties,
      number_of_instances: 1,
    },
    instance: {
      id,
      runtime_properties: runtimeProperties,
      index: 0,
      host_ip: new ProxyFailure(
        'NonRecoverableError',
        `could not find ip for node instance: ${id} with host id: None`,
      ),
      relationships: [],
      update: () => null,
      refresh: () => null,
    },
  };
}

function common(operationName: string, outcome: RunnerOutcome, relationship: string | null) {
  return {
    operation: { name: operationName, retry_number: 2, max_retries: 60, relationship },
    deployment: { id: 'dep' },
    blueprint: { id: 'bp' },
    execution_id: 'exec-1',
    workflow_id: 'install',
    plugin: { name: 'fixture-plugin' },
    logger: { debug: () => null, info: () => null, warning: () => null, error: () => null },
    ...scriptRunnerCallables(outcome),
  };
}

/** A node operation's ctx: node `web`, instance `web_a1b2c3`, property port 8080. */
export function nodeOperationCtx(outcome: RunnerOutcome, runtimeProperties: Record<string, unknown> = {}) {
  return {
    type: 'node-instance',
    ...subject('web', 'web_a1b2c3', { port: 8080 }, runtimeProperties),
    ...common('cloudify.interfaces.lifecycle.start', outcome, null),
  };
}

/** A relationship operation's ctx: `web` (source) connected to `db` (target). */
export function relationshipOperationCtx(outcome: RunnerOutcome) {
  const wrong = new ProxyFailure(
    'NonRecoverableError',
    'ctx.node/ctx.instance can only be used in a node-instance context but used in a relationship-instance context.',
  );
  return {
    type: 'relationship-instance',
    node: wrong,
    instance: wrong,
    source: subject('web', 'web_a1b2c3', { port: 8080 }, {}),
    target: subject('db', 'db_d4e5f6', { port: 5432 }, {}),
    ...common('cloudify.interfaces.relationship_lifecycle.establish', outcome, 'source'),
  };
}
