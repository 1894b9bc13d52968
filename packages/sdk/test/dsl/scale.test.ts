// A 1000-node blueprint must load and plan (the time budget is checked by the benchmark, not here).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { createPlan, loadBlueprint } from '../../src/dsl/index.js';
import { blueprint, brief, writeFiles } from './helpers.js';

test('a blueprint of 1000 node templates, contained and connected, plans', async (t) => {
  let body = '\ninputs:\n  port: { type: integer, default: 8080 }\nnode_templates:\n';
  for (let i = 0; i < 500; i++) {
    body += `  vm${i}:\n    type: cloudify.nodes.Compute\n    properties: { agent_config: { install_method: none } }\n`;
    body += `  app${i}:\n    type: cloudify.nodes.WebServer\n    properties: { port: { get_input: port } }\n    relationships:\n      - { type: cloudify.relationships.contained_in, target: vm${i} }\n`;
    if (i > 0) body += `      - { type: cloudify.relationships.connected_to, target: app${i - 1} }\n`;
  }
  const dir = writeFiles(t, { 'blueprint.yaml': blueprint(body) });
  const loaded = await loadBlueprint(join(dir, 'blueprint.yaml'));
  assert.deepEqual(loaded.errors.map(brief), []);
  const { plan, errors } = createPlan(loaded.blueprint!, {});
  assert.deepEqual(errors.map(brief), []);
  assert.equal(plan!.nodes.length, 1000);
  assert.equal(plan!.nodeInstances.length, 1000);
  const last = plan!.nodeInstances.find((i) => i.nodeName === 'app499')!;
  assert.deepEqual(
    last.relationships.map((r) => r.targetName),
    ['vm499', 'app498'],
  );
  assert.equal(plan!.nodes.find((n) => n.name === 'app499')!.properties.port, 8080);
});
