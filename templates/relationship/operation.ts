// Operation __operation__
// on the __side__ end of relationship type __relationship__,
// run by Cloudify's script runner as `node plugin.mjs __exportName__` (see plugin.yaml).
import { relationshipOperation } from 'cloudify-plugin-sdk';

/**
 * Runs on the __side__ node instance of each relationship of this type; `ctx.source` and `ctx.target`
 * are its two ends. Throw NonRecoverableError to fail, `return ctx.operation.retry(…)` to retry.
 */
export const __binding__ = relationshipOperation((ctx) => {
  ctx.logger.info(`__exportName__ ${ctx.source.instance.id} -> ${ctx.target.instance.id}: nothing to do yet`);
});
