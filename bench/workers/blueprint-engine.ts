// Worker: one cold parse + validate + plan of a blueprint in a fresh process, as `cloudify-local
// init` does it: the SDK's blueprint engine loaded, then loadBlueprint and createPlan, each timed.
//   node --import tsx/esm bench/workers/blueprint-engine.ts <blueprint.yaml>
import { sdkModule } from '../lib/sdk.js';
import { reportResult } from '../lib/worker.js';

type Dsl = typeof import('../../packages/sdk/src/dsl/index.js');

export interface BlueprintEngineResult {
  importMs: number;
  loadMs: number;
  planMs: number;
  nodes: number;
  instances: number;
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: blueprint-engine.ts <blueprint.yaml>\n');
  process.exit(2);
}
const t0 = performance.now();
const dsl = await sdkModule<Dsl>('dsl/index.js');
const t1 = performance.now();
const loaded = await dsl.loadBlueprint(file);
const t2 = performance.now();
if (!loaded.blueprint)
  throw new Error(
    loaded.errors
      .slice(0, 5)
      .map((e) => dsl.formatDslError(e))
      .join('\n'),
  );
const { plan, errors } = dsl.createPlan(loaded.blueprint, {});
const t3 = performance.now();
if (!plan)
  throw new Error(
    errors
      .slice(0, 5)
      .map((e) => dsl.formatDslError(e))
      .join('\n'),
  );
const result: BlueprintEngineResult = {
  importMs: t1 - t0,
  loadMs: t2 - t1,
  planMs: t3 - t2,
  nodes: plan.nodes.length,
  instances: plan.nodeInstances.length,
};
reportResult(result);
