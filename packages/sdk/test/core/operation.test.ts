// operation(), relationshipOperation() and runOperation(): outcomes by Cloudify's rules.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  NonRecoverableError,
  RecoverableError,
  isOperation,
  operation,
  relationshipOperation,
  runOperation,
  type NodeOperationContext,
} from '../../src/index.js';
import { MockCloudifyContext } from '../../src/mocks/index.js';

describe('runOperation outcomes', () => {
  test('succeeded, retry, non-recoverable, recoverable and unknown errors', async () => {
    const mock = (): MockCloudifyContext => new MockCloudifyContext();
    assert.deepEqual(
      await runOperation(
        operation(() => ({ ok: 1 })),
        mock(),
      ),
      { status: 'succeeded', value: { ok: 1 } },
    );
    assert.deepEqual(
      await runOperation(
        operation((c) => c.operation.retry('wait', 4)),
        mock(),
      ),
      {
        status: 'retry',
        message: 'wait',
        retryAfter: 4,
      },
    );
    assert.deepEqual(
      await runOperation(
        operation((c) => c.operation.retry()),
        mock(),
      ),
      {
        status: 'retry',
        message: 'Operation retry requested',
      },
    );

    const fatal = new NonRecoverableError('bad config');
    assert.deepEqual(
      await runOperation(
        operation(() => {
          throw fatal;
        }),
        mock(),
      ),
      { status: 'failed', recoverable: false, error: fatal },
    );
    const later = await runOperation(
      operation(() => {
        throw new RecoverableError('later', { retryAfter: 9 });
      }),
      mock(),
    );
    assert.equal(
      later.status === 'failed' && later.recoverable && later.error.message,
      'later [retry_after=9]',
    );
    const unknown = await runOperation(
      operation(() => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- plugin code may throw anything
        throw 'a string';
      }),
      mock(),
    );
    assert.equal(unknown.status === 'failed' && unknown.recoverable && unknown.error.message, 'a string');
  });

  test('a runtime property that cannot be saved outweighs a recoverable failure, not a fatal one', async () => {
    const unsaveable = await runOperation(
      operation((c) => {
        c.instance.runtimeProperties['bad'] = Symbol('x');
        throw new Error('recoverable');
      }),
      new MockCloudifyContext(),
    );
    assert.equal(unsaveable.status === 'failed' && unsaveable.recoverable, false);
    assert.match(unsaveable.status === 'failed' ? unsaveable.error.message : '', /'bad'.*is a symbol/);

    const fatal = new NonRecoverableError('fatal first');
    const mock = new MockCloudifyContext();
    const keepsFatal = await runOperation(
      operation((c) => {
        c.instance.runtimeProperties['bad'] = () => 1;
        throw fatal;
      }),
      mock,
    );
    assert.deepEqual(keepsFatal, { status: 'failed', recoverable: false, error: fatal });
    assert.match(mock.logs[0]?.message ?? '', /^Could not save runtime properties: .*'bad'/);
  });
});

describe('operation wrappers', () => {
  test('operations are marked; plain functions are not', () => {
    assert.equal(isOperation(operation(() => 1)), true);
    assert.equal(isOperation(relationshipOperation(() => 1)), true);
    assert.equal(
      isOperation(() => 1),
      false,
    );
  });

  test('typed properties and runtime properties', async () => {
    interface Props extends Record<string, unknown> {
      port: number;
    }
    interface Runtime extends Record<string, unknown> {
      url?: string;
    }
    const start = operation<Props, Runtime>((c: NodeOperationContext<Props, Runtime>) => {
      const port: number = c.node.properties.port;
      c.instance.runtimeProperties.url = `http://localhost:${port}/`;
      return port;
    });
    const mock = new MockCloudifyContext<Props, Runtime>({ properties: { port: 8081 } });
    assert.equal(await start(mock), 8081);
    const url: string | undefined = mock.instance.runtimeProperties.url;
    assert.equal(url, 'http://localhost:8081/');
    assert.deepEqual(mock.savedRuntimeProperties, [{ url: 'http://localhost:8081/' }]);
  });

  test('a ctx from elsewhere is saved through its public update()', async () => {
    let updates = 0;
    const foreign = {
      type: 'node-instance',
      instance: {
        runtimeProperties: {},
        update: () => {
          updates++;
          return Promise.resolve();
        },
      },
    } as unknown as NodeOperationContext;
    assert.equal(await operation((c) => c.type)(foreign), 'node-instance');
    assert.equal(updates, 1);
  });
});
