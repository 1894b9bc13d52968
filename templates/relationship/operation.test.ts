import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MockCloudifyContext } from 'cloudify-plugin-sdk/mocks';
import { __importSpec__ } from '../src/operations/__file__.js';

test('__exportName__ runs as __operation__ on the __side__ end', async () => {
  const ctx = new MockCloudifyContext({
    source: { nodeName: 'source_node' },
    target: { nodeName: 'target_node' },
    operation: { name: '__operation__', relationship: '__side__' },
  });
  await __binding__(ctx);
  assert.deepEqual(ctx.logs, [
    {
      level: 'info',
      message: `__exportName__ ${ctx.source.instance.id} -> ${ctx.target.instance.id}: nothing to do yet`,
    },
  ]);
});
