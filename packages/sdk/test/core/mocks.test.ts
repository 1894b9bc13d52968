// MockCloudifyContext: the SDK's ctx over the in-memory transport, driven through operations.
import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  NonRecoverableError,
  OperationRetry,
  ctx,
  operation,
  relationshipOperation,
} from '../../src/index.js';
import {
  MockCloudifyContext,
  mockRelationshipContext,
  relationshipTo,
  withCtx,
} from '../../src/mocks/index.js';

describe('defaults and identity', () => {
  test('instance id <nodeName>_<6 chars>; node.id is the node name; Root type hierarchy', () => {
    const mock = new MockCloudifyContext({ nodeName: 'web', nodeType: 'my.nodes.Web' });
    assert.match(mock.instance.id, /^web_[a-z0-9]{6}$/);
    assert.equal(mock.node.id, 'web');
    assert.equal(mock.node.name, 'web');
    assert.deepEqual(mock.node.typeHierarchy, ['cloudify.nodes.Root', 'my.nodes.Web']);
    assert.equal(mock.type, 'node-instance');
    assert.deepEqual(
      [mock.operation.name, mock.operation.retryNumber, mock.operation.maxRetries],
      ['cloudify.interfaces.lifecycle.create', 0, -1],
    );
    assert.deepEqual(
      [mock.deployment.id, mock.blueprint.id, mock.workflowId],
      ['mock_deployment', 'mock_blueprint', 'install'],
    );
    assert.equal(new MockCloudifyContext({ nodeId: 'db_x1y2z3' }).node.name, 'db');
  });
});

describe('runtime properties', () => {
  test('nested changes, pushes, deletions and replacement are all saved', async () => {
    const mock = new MockCloudifyContext({
      runtimeProperties: { keep: 1, gone: 2, config: { hosts: ['a'] } },
    });
    const op = operation<
      Record<string, unknown>,
      { keep?: number; gone?: number; config: { hosts: string[]; port?: number } }
    >((c) => {
      c.instance.runtimeProperties.config.hosts.push('b');
      c.instance.runtimeProperties.config.port = 80;
      delete c.instance.runtimeProperties.gone;
    });
    await op(mock);
    assert.deepEqual(mock.savedRuntimeProperties, [{ keep: 1, config: { hosts: ['a', 'b'], port: 80 } }]);

    const replace = operation((c) => {
      c.instance.runtimeProperties = { fresh: true };
    });
    await replace(mock);
    assert.deepEqual(mock.savedRuntimeProperties.at(-1), { fresh: true });
    assert.deepEqual(mock.instance.runtimeProperties, { fresh: true });
  });

  test('saved even when the operation throws; nothing saved when nothing changed', async () => {
    const mock = new MockCloudifyContext();
    const failing = operation((c) => {
      c.instance.runtimeProperties['pid'] = 42;
      throw new Error('crashed after starting');
    });
    await assert.rejects(failing(mock), /crashed after starting/);
    assert.deepEqual(mock.savedRuntimeProperties, [{ pid: 42 }]);
    await operation(() => undefined)(mock);
    assert.equal(mock.savedRuntimeProperties.length, 1);
  });

  test('update() saves now, refresh() refuses unsaved changes unless forced', async () => {
    const mock = new MockCloudifyContext({ runtimeProperties: { n: 1 } });
    await operation(async (c) => {
      c.instance.runtimeProperties['n'] = 2;
      await c.instance.update();
      assert.equal(mock.savedRuntimeProperties.length, 1);
      c.instance.runtimeProperties['n'] = 3;
      await assert.rejects(
        c.instance.refresh(),
        /runtime_properties are dirty: refreshing now would destroy local changes/,
      );
      await c.instance.refresh(true);
      assert.deepEqual(c.instance.runtimeProperties, { n: 2 });
    })(mock);
    assert.deepEqual(mock.savedRuntimeProperties, [{ n: 2 }]);
  });

  test('update(onConflict) stores what the resolver returns', async () => {
    const mock = new MockCloudifyContext({ runtimeProperties: { list: [1] } });
    await operation(async (c) => {
      await c.instance.update((local, latest) => ({ ...latest, ...local, merged: true }));
    })(mock);
    assert.deepEqual(mock.savedRuntimeProperties, [{ list: [1], merged: true }]);
  });

  test('a value that is not JSON data fails non-recoverably, naming the key', async () => {
    const mock = new MockCloudifyContext();
    const op = operation((c) => {
      c.instance.runtimeProperties['started'] = new Date(0);
    });
    await assert.rejects(op(mock), (error: unknown) => {
      assert.ok(error instanceof NonRecoverableError);
      assert.match(
        error.message,
        /runtime property 'started' of node instance mock_node_\w{6} must be JSON-serialisable, but started is a Date/,
      );
      return true;
    });
    const nested = operation((c) => {
      c.instance.runtimeProperties['conf'] = { handler: () => 1 };
    });
    await assert.rejects(nested(new MockCloudifyContext()), /but conf\.handler is a function/);
  });
});

describe('node properties, context types, retries and logs', () => {
  test('node properties are deeply frozen', async () => {
    const mock = new MockCloudifyContext({ properties: { port: 8080, tls: { enabled: true } } });
    assert.ok(Object.isFrozen(mock.node.properties));
    assert.ok(Object.isFrozen(mock.node.properties['tls']));
    await assert.rejects(
      operation((c) => {
        (c.node.properties as Record<string, unknown>)['port'] = 1;
      })(mock),
      TypeError,
    );
  });

  test('node members in a relationship context (and the reverse) throw Cloudify’s error', async () => {
    const relationship = mockRelationshipContext({ source: { nodeName: 'web' }, target: { nodeName: 'db' } });
    assert.throws(
      () => relationship.node,
      new NonRecoverableError(
        'ctx.node/ctx.instance can only be used in a node-instance context but used in a relationship-instance context.',
      ),
    );
    assert.throws(
      () => new MockCloudifyContext().target,
      /ctx\.source\/ctx\.target can only be used in a relationship-instance context/,
    );
    await assert.rejects(
      operation(() => 1)(relationship),
      /needs a node-instance context but was called with a relationship-instance context/,
    );
    await assert.rejects(
      relationshipOperation(() => 1)(new MockCloudifyContext()),
      /needs a relationship-instance context/,
    );
  });

  test('ctx.operation.retry throws OperationRetry and is recorded', async () => {
    const mock = new MockCloudifyContext({ operation: { retryNumber: 3 } });
    const op = operation((c) =>
      c.operation.retryNumber < 5 ? c.operation.retry('server not up yet', 2) : 'up',
    );
    await assert.rejects(
      op(mock),
      (error: unknown) => error instanceof OperationRetry && error.retryAfter === 2,
    );
    assert.deepEqual(mock.retries, [{ message: 'server not up yet', retryAfter: 2 }]);
  });

  test('log lines are recorded by logger method', async () => {
    const mock = new MockCloudifyContext();
    await operation((c) => {
      c.logger.debug('d');
      c.logger.info('i');
      c.logger.warn('w');
      c.logger.error('e');
    })(mock);
    assert.deepEqual(mock.logs, [
      { level: 'debug', message: 'd' },
      { level: 'info', message: 'i' },
      { level: 'warn', message: 'w' },
      { level: 'error', message: 'e' },
    ]);
  });

  test('CLOUDIFY_MOCK_LOG=1 also writes log lines to stderr', () => {
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = (text: string) => written.push(text) > 0;
    try {
      process.env['CLOUDIFY_MOCK_LOG'] = '1';
      new MockCloudifyContext({
        nodeId: 'web_abc123',
        operation: { name: 'cloudify.interfaces.lifecycle.start' },
      }).logger.info('hi');
      delete process.env['CLOUDIFY_MOCK_LOG'];
      new MockCloudifyContext().logger.info('quiet by default');
    } finally {
      process.stderr.write = original;
      delete process.env['CLOUDIFY_MOCK_LOG'];
    }
    assert.deepEqual(written, ['[web_abc123.start] INFO: hi\n']);
  });
});

describe('the ambient ctx', () => {
  test('withCtx makes a mock the ambient ctx; outside of one it is a clear error', async () => {
    const mock = new MockCloudifyContext({ nodeName: 'web' });
    assert.equal(
      withCtx(mock, () => ctx.node.name),
      'web',
    );
    assert.throws(
      () => ctx.node,
      /No Cloudify context: call this inside an operation, or in tests use withCtx\(mock, fn\)/,
    );
    const seedStyle = operation(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      ctx.instance.runtimeProperties['seen'] = ctx.instance.id;
    });
    const [a, b] = [new MockCloudifyContext(), new MockCloudifyContext()];
    await Promise.all([seedStyle(a), seedStyle(b)]);
    assert.equal(a.instance.runtimeProperties['seen'], a.instance.id);
    assert.equal(b.instance.runtimeProperties['seen'], b.instance.id);
  });
});

describe('host ip, relationships, inputs', () => {
  test('hostIp from the ip runtime property, or a clear error', () => {
    assert.equal(
      new MockCloudifyContext({ runtimeProperties: { ip: '10.0.0.5' } }).instance.hostIp,
      '10.0.0.5',
    );
    assert.equal(new MockCloudifyContext({ hostIp: '10.0.0.9' }).instance.hostIp, '10.0.0.9');
    assert.throws(() => new MockCloudifyContext().instance.hostIp, /could not find ip for node instance/);
  });

  test('instance relationships: typed, target runtime properties read-only', () => {
    const mock = new MockCloudifyContext({
      relationships: [
        relationshipTo({ nodeName: 'db', properties: { port: 5432 }, runtimeProperties: { ip: '10.0.0.2' } }),
      ],
    });
    const [relationship] = mock.instance.relationships;
    assert.equal(relationship?.type, 'cloudify.relationships.connected_to');
    assert.deepEqual(relationship?.typeHierarchy, [
      'cloudify.relationships.depends_on',
      'cloudify.relationships.connected_to',
    ]);
    assert.equal(relationship?.target.node.properties['port'], 5432);
    assert.match(relationship?.target.instance.id ?? '', /^db_[a-z0-9]{6}$/);
    assert.ok(Object.isFrozen(relationship?.target.instance.runtimeProperties));
  });

  test('relationship operations save both ends', async () => {
    const mock = mockRelationshipContext({
      source: { nodeName: 'web' },
      target: { nodeName: 'db', runtimeProperties: { ip: '10.0.0.2' } },
    });
    await relationshipOperation((c) => {
      c.source.instance.runtimeProperties['db_ip'] = c.target.instance.runtimeProperties['ip'];
      c.target.instance.runtimeProperties['client'] = c.source.instance.id;
    })(mock);
    assert.deepEqual(mock.savedSourceRuntimeProperties, [{ db_ip: '10.0.0.2' }]);
    assert.deepEqual(mock.savedTargetRuntimeProperties, [
      { ip: '10.0.0.2', client: mock.source.instance.id },
    ]);
    assert.equal(mock.operation.relationship, 'source');
  });

  test('inputs arrive as the script runner delivers them', async () => {
    const mock = new MockCloudifyContext({
      inputs: { name: 'x', port: 8080, config: { a: [1] }, flag: false, none: null },
    });
    const seen = await operation((_, inputs) => [
      inputs.get('name'),
      inputs.get('port'),
      inputs.get('config'),
      inputs.get('flag'),
      inputs.get('none'),
      inputs.get('absent'),
    ])(mock);
    assert.deepEqual(seen, ['x', '8080', { a: [1] }, false, 'None', undefined]);
    await assert.rejects(
      operation((_, inputs) => inputs.require('absent'))(mock),
      /Operation input 'absent' is missing/,
    );
    assert.equal(
      await operation((_, inputs) => inputs.get('given'))(mock, { given: 'explicit' }),
      'explicit',
    );
  });
});

describe('resources', () => {
  const resources = {
    'templates/app.conf':
      'port={{ ctx.node.properties.port }} id={{ ctx.instance.id }} rp={{ ctx.instance.runtime_properties.k }} v={{ v }}',
    'plain.txt': 'no markers { here }',
    'binary.bin': Buffer.from([0, 1, 2, 255]),
  };

  test('getResource and rendering only when the text has template markers', async () => {
    const mock = new MockCloudifyContext({
      resources,
      properties: { port: 81 },
      runtimeProperties: { k: 'K' },
    });
    assert.deepEqual(await mock.getResource('binary.bin'), Buffer.from([0, 1, 2, 255]));
    const rendered = (await mock.getResourceAndRender('templates/app.conf', { v: 'V' })).toString();
    assert.equal(rendered, `port=81 id=${mock.instance.id} rp=K v=V`);
    assert.equal((await mock.getResourceAndRender('plain.txt')).toString(), 'no markers { here }');
    const python = new MockCloudifyContext({
      resources: {
        'py.j2':
          '{{ ctx.operation.retry_number }}|{{ ctx.node.type_hierarchy | join(",") }}|{{ ctx.instance.host_ip }}|{{ undefined_name }}',
      },
      runtimeProperties: { ip: '10.1.1.1' },
      operation: { retryNumber: 2 },
    });
    assert.equal((await python.getResourceAndRender('py.j2')).toString(), '2|cloudify.nodes.Root|10.1.1.1|');
    await assert.rejects(
      mock.getResourceAndRender('plain.txt', { ctx: 1 }),
      /Key not allowed - a key named ctx is in template_variables/,
    );
    await assert.rejects(
      mock.getResource('missing.txt'),
      /Resource not found: missing.txt \(known resources: templates\/app.conf, plain.txt, binary.bin/,
    );
  });

  test('downloadResource writes a temporary file or the given target', async () => {
    const mock = new MockCloudifyContext({ resources, properties: { port: 82 } });
    const temporary = await mock.downloadResource('plain.txt');
    assert.match(temporary, /plain\.txt$/);
    assert.equal(await readFile(temporary, 'utf8'), 'no markers { here }');
    const dir = await mkdtemp(join(tmpdir(), 'sdk-resource-test-'));
    try {
      const target = await mock.downloadResourceAndRender(
        'templates/app.conf',
        join(dir, 'sub', 'app.conf'),
        { v: 1 },
      );
      assert.equal(target, join(dir, 'sub', 'app.conf'));
      assert.match(await readFile(target, 'utf8'), /^port=82 /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
