// Operation __operation__
// of node type __nodeType__,
// run by Cloudify's script runner as `node plugin.mjs __exportName__` (see plugin.yaml).
import { operation } from 'cloudify-plugin-sdk';
import type { NodeTypes } from '../plugin-types.js';

type __nodeTypeName__ = NodeTypes['__nodeType__'];

/** What __exportName__ keeps in the instance's runtime properties, for later operations and outputs. */
export type __runtimeType__ = Record<string, unknown>;

/**
 * Runs on each instance of a node of this type. `ctx.node.properties` is typed from plugin.yaml;
 * throw NonRecoverableError to fail, `return ctx.operation.retry(…)` to retry.
 */
export const __binding__ = operation<
  __nodeTypeName__['properties'],
  __runtimeType__,
  __nodeTypeName__['inputs']['__inputsKey__']
>((ctx) => {
  ctx.logger.info(`__exportName__ ${ctx.instance.id}: nothing to do yet`);
});
