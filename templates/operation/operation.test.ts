import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MockCloudifyContext } from 'cloudify-plugin-sdk/mocks';
import { __importSpec__ } from '../src/operations/__file__.js';

test('__exportName__ runs as __operation__', async () => {
  const ctx = new MockCloudifyContext({
    nodeName: '__nodeName__',
    nodeType: '__nodeType__',
    operation: { name: '__operation__' },
  });
  await __binding__(ctx);
  assert.deepEqual(ctx.logs, [
    { level: 'info', message: `__exportName__ ${ctx.instance.id}: nothing to do yet` },
  ]);
});
