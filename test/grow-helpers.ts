// What the grow tests share: the subgenerators run as library calls, and the checks that
// "nothing changed" and "only lines added".
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { planNodeType, type NodeTypeRequest } from '../generators/lib/grow/add-node-type.js';
import { planOperation, type OperationRequest } from '../generators/lib/grow/add-operation.js';
import { planRelationship, type RelationshipRequest } from '../generators/lib/grow/add-relationship.js';
import { applyAddition, type AdditionReport } from '../generators/lib/grow/apply-addition.js';
import { findPlugin } from '../generators/lib/grow/plugin-folder.js';
import { ROOT, snapshotTree } from './helpers.js';

export const TEMPLATES_ROOT = join(ROOT, 'templates');
export const NODE_TYPE = 'grow_web.nodes.WebServer';

export async function addOperation(dir: string, request: OperationRequest): Promise<AdditionReport> {
  const plugin = findPlugin(dir);
  return applyAddition(plugin, await planOperation(plugin, request, TEMPLATES_ROOT), { dryRun: false });
}

export async function addNodeType(dir: string, request: NodeTypeRequest): Promise<AdditionReport> {
  const plugin = findPlugin(dir);
  return applyAddition(plugin, await planNodeType(plugin, request), { dryRun: false });
}

export async function addRelationship(dir: string, request: RelationshipRequest): Promise<AdditionReport> {
  const plugin = findPlugin(dir);
  return applyAddition(plugin, await planRelationship(plugin, request, TEMPLATES_ROOT), { dryRun: false });
}

/** Which files differ between two snapshots: created, changed. */
export function differences(before: Map<string, string>, after: Map<string, string>) {
  const created = [...after.keys()].filter((path) => !before.has(path)).sort();
  const changed = [...after.keys()].filter(
    (path) => before.has(path) && before.get(path) !== after.get(path),
  );
  return { created, changed: changed.sort(), removed: [...before.keys()].filter((path) => !after.has(path)) };
}

/** `rejects` with a UsageError whose message matches, and the tree exactly as it was. */
export async function assertRefused(
  dir: string,
  attempt: () => Promise<unknown>,
  message: RegExp,
): Promise<void> {
  const before = await snapshotTree(dir);
  await assert.rejects(attempt, (error: Error) => {
    assert.equal(error.name, 'UsageError', error.stack);
    assert.match(error.message, message);
    return true;
  });
  assert.deepEqual(await snapshotTree(dir), before, 'nothing changed');
}

export const MAPPING = (name: string, plugin = 'grow-web') => ({
  implementation: 'script.script_runner.tasks.run',
  executor: 'central_deployment_agent',
  inputs: {
    script_path: { default: `plugins/${plugin}/plugin.mjs` },
    process: { default: { command_prefix: 'node', args: [name] } },
  },
});

export type PluginYaml = {
  node_types: Record<
    string,
    { interfaces?: Record<string, Record<string, unknown>> } & Record<string, unknown>
  >;
  relationships?: Record<string, Record<string, unknown>>;
};
