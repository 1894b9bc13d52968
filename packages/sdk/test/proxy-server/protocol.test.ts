// Path evaluation and the Python ctx model beyond the transcripts, answer by answer, over HTTP.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CtxProxyServer } from '../../src/proxy/server.js';
import type { NodeSpec } from '../executor/support.js';
import { ask, post, serveContext, withoutTraceback } from './support.js';

let server: CtxProxyServer;
before(async () => {
  server = await CtxProxyServer.start();
});
after(() => server.close());

const result = (payload: unknown) => ({ type: 'result', payload });
const error = (type: string, message: string) => ({ type: 'error', payload: { type, message } });

async function expectAnswers(
  cases: [unknown[], unknown][],
  options: Parameters<typeof serveContext>[1] = {},
) {
  const served = serveContext(server, options);
  try {
    for (const [args, expected] of cases) {
      assert.deepEqual(withoutTraceback(await ask(served.url, args)), expected, JSON.stringify(args));
    }
  } finally {
    served.close();
  }
  return served;
}

describe('path evaluation', () => {
  it('walks attributes with - as _, then key paths on dicts', async () => {
    const served = await expectAnswers([
      [['instance', 'runtime-properties', 'endpoint.urls', ['a', 'b', 'c']], result(null)],
      [['instance', 'runtime-properties', 'endpoint.urls[2]'], result('c')],
      [
        ['instance', 'runtime_properties', 'endpoint.urls[5]'],
        error('IndexError', 'list index out of range'),
      ],
      [
        ['instance', 'runtime-properties', 'endpoint.nope'],
        error('RuntimeError', 'illegal path: endpoint.nope'),
      ],
      [
        ['instance', 'runtime-properties', 'endpoint.urls[0].x'],
        error('RuntimeError', 'illegal path: endpoint.urls[0].x'),
      ],
      [
        ['instance', 'runtime-properties', 'endpoint.urls[0].a'],
        error('TypeError', "string indices must be integers, not 'str'"),
      ],
      [['instance', 'runtime-properties', 'a.b.c', 1], result(null)],
      [['instance', 'runtime-properties', 'my-key', 'v'], result(null)],
      [
        ['instance', 'runtime-properties', 'a', 'b', 'c'],
        error('RuntimeError', 'Illegal argument while accessing dict'),
      ],
      [['node', 'nothing'], error('RuntimeError', "nothing cannot be processed in ['node', 'nothing']")],
      [
        ['instance', 'runtime-properties', 5],
        error('AttributeError', "'int' object has no attribute 'split'"),
      ],
      [['node', 'id'], result('web')],
      [['node', 'name'], result('web')],
      [['node', 'type'], result('test.nodes.Thing')],
      [['node', 'type-hierarchy'], result(['cloudify.nodes.Root', 'test.nodes.Thing'])],
      [['node', 'number-of-instances'], result(1)],
      [['instance', 'id'], result('web_a1b2c3')],
      [['instance', 'index'], result(0)],
      [['type'], result('node-instance')],
      [['plugin'], result('script')],
      [['plugin', 'name'], result('script')],
      [['deployment', 'id'], result('dep')],
      [['blueprint', 'id'], result('dep')],
      [['execution-id'], result('exec-1')],
      [['workflow-id'], result('install')],
      [['task-name'], result('script_runner.tasks.run')],
      [['operation', 'name'], result('cloudify.interfaces.lifecycle.create')],
      [['operation', 'max-retries'], result(0)],
      [['operation', 'relationship'], result(null)],
    ]);
    assert.deepEqual(served.runtimes.get('web_a1b2c3')?.properties, {
      endpoint: { urls: ['a', 'b', 'c'] },
      a: { b: { c: 1 } },
      'my-key': 'v',
    });
  });

  it('takes dict methods as attributes, as Cloudify does', async () => {
    const served = await expectAnswers([
      [['instance', 'runtime-properties', 'update', { port: 1, get: 2 }, {}], result(null)],
      [['instance', 'runtime-properties', 'get', 'port'], result(1)],
      [['instance', 'runtime-properties', 'get', 'missing', 'fallback'], result('fallback')],
      [
        ['instance', 'runtime-properties', 'get'],
        error('TypeError', 'get expected at least 1 argument, got 0'),
      ],
      [
        ['instance', 'runtime-properties', 'get', 'x', 'y', 'z'],
        error('TypeError', 'get expected at most 2 arguments, got 3'),
      ],
      [
        ['instance', 'runtime-properties', 'update', { a: 1 }],
        error('TypeError', "'NoneType' object is not iterable"),
      ],
      [
        ['instance', 'runtime-properties', 'keys'],
        error('TypeError', 'Object of type dict_keys is not JSON serializable'),
      ],
      [['instance', 'runtime-properties', 'copy'], result({ port: 1, get: 2 })],
      [['instance', 'runtime-properties', 'pop', 'get'], result(2)],
      [['instance', 'runtime-properties', 'pop', 'nothing'], result(null)],
      [['instance', 'runtime-properties', 'setdefault', 'x', 3], result(3)],
      [['instance', 'runtime-properties', 'dirty'], result(true)],
      [['instance', 'runtime-properties', 'modifiable'], result(true)],
      [['instance', 'update'], result(null)],
      [['instance', 'runtime-properties', 'dirty'], result(false)],
      [['instance', 'runtime-properties', 'port', 2], result(null)],
      [
        ['instance', 'refresh'],
        error(
          'NonRecoverableError',
          'runtime_properties are dirty: refreshing now would destroy local changes',
        ),
      ],
      [['instance', 'refresh', true], result(null)],
      [['instance', 'runtime-properties'], result({ port: 1, x: 3 })],
    ]);
    assert.equal(served.runtimes.get('web_a1b2c3')?.saves, 1);
  });

  it('keeps node properties read-only', async () => {
    await expectAnswers([
      [
        ['node', 'properties', 'port', 1],
        error('NonRecoverableError', 'Cannot override read only properties'),
      ],
      [
        ['node', 'properties', 'update', { port: 1 }, {}],
        error('NonRecoverableError', 'Cannot override read only properties'),
      ],
      [
        ['node', 'properties', 'new.key', 1],
        error('NonRecoverableError', 'Cannot override read only properties'),
      ],
      [['node', 'properties'], result({ port: 8000 })],
    ]);
  });

  it('answers unserialisable objects with a TypeError, as Python would', async () => {
    await expectAnswers([
      [['node'], error('TypeError', 'Object of type NodeContext is not JSON serializable')],
      [['instance', 'relationships'], result([])],
      [['logger'], error('TypeError', 'Object of type Logger is not JSON serializable')],
    ]);
    await expectAnswers(
      [
        [
          ['instance', 'relationships'],
          error('TypeError', 'Object of type RelationshipContext is not JSON serializable'),
        ],
      ],
      {
        nodes: [
          {
            name: 'web',
            instances: ['web_1'],
            relationships: [{ type: 'cloudify.relationships.connected_to', target: 'db' }],
          },
          { name: 'db', instances: ['db_1'] },
        ],
      },
    );
  });

  it('checks arguments like a Python signature', async () => {
    const served = await expectAnswers([
      [
        ['returns'],
        error(
          'TypeError',
          "process_execution.<locals>.returns() missing 1 required positional argument: 'value'",
        ),
      ],
      [
        ['returns', 1, 2],
        error(
          'TypeError',
          'process_execution.<locals>.returns() takes 1 positional argument but 2 were given',
        ),
      ],
      [
        ['operation', 'retry', 'a', 1, 2],
        error(
          'TypeError',
          'OperationContext.retry() takes from 1 to 3 positional arguments but 4 were given',
        ),
      ],
      [
        ['returns', 'x', { value: 'y' }],
        error('TypeError', "process_execution.<locals>.returns() got multiple values for argument 'value'"),
      ],
      [['returns', { value: 0 }], result(null)],
    ]);
    assert.deepEqual(served.outcome.verdict(), { kind: 'returned', value: 0 });
  });

  it('records ctx.operation.retry without stopping the operation', async () => {
    const served = await expectAnswers([
      [['operation', 'retry', 'later', 7], result(null)],
      [['returns', 'v'], result(null)],
    ]);
    assert.deepEqual(served.outcome.verdict(), { kind: 'retry', message: 'later', retryAfter: 7 });
  });

  it('logs at every level, with %-formatting', async () => {
    const served = await expectAnswers([
      [['logger', 'debug', 'd'], result(null)],
      [['logger', 'warning', 'port %d of %s', 80, 'web'], result(null)],
      [['logger', 'warn', 'w'], result(null)],
      [['logger', 'error', 'e'], result(null)],
      [['logger', 'critical', '%(a)s!', { a: 1 }, {}], result(null)],
      [['send-event', 'something happened'], result(null)],
    ]);
    assert.deepEqual(served.logs, [
      'debug: d',
      'warning: port 80 of web',
      'warning: w',
      'error: e',
      'error: 1!',
      'info: something happened',
    ]);
  });

  it('refuses node and instance in a relationship operation, and source/target in a node operation', async () => {
    const nodes: NodeSpec[] = [
      {
        name: 'web',
        instances: ['web_1'],
        hostOf: { web_1: 'vm_1' },
        relationships: [{ type: 'cloudify.relationships.contained_in', target: 'vm' }],
      },
      { name: 'vm', properties: { ip: '10.0.0.9' }, instances: ['vm_1'], hostOf: { vm_1: 'vm_1' } },
    ];
    const served = await expectAnswers(
      [
        [
          ['node', 'id'],
          error(
            'NonRecoverableError',
            'ctx.node/ctx.instance can only be used in a node-instance context but used in a relationship-instance context.',
          ),
        ],
        [['type'], result('relationship-instance')],
        [['operation', 'relationship'], result('source')],
        [['source', 'node', 'name'], result('web')],
        [['target', 'node', 'properties', 'ip'], result('10.0.0.9')],
        [['source', 'instance', 'host-ip'], result('10.0.0.9')],
        [['target', 'instance', 'runtime-properties', 'seen', true], result(null)],
        [['source', 'instance', 'runtime-properties', 'linked', 'vm_1'], result(null)],
      ],
      { nodes, subject: { kind: 'relationship', sourceId: 'web_1', targetId: 'vm_1', side: 'source' } },
    );
    assert.deepEqual(served.runtimes.get('vm_1')?.properties, { seen: true });
    assert.deepEqual(served.runtimes.get('web_1')?.properties, { linked: 'vm_1' });
    await expectAnswers(
      [
        [
          ['source'],
          error(
            'NonRecoverableError',
            'ctx.source/ctx.target can only be used in a relationship-instance context but used in a node-instance context.',
          ),
        ],
        [['instance', 'host-ip'], result('10.0.0.5')],
      ],
      { nodes, stored: { vm_1: { ip: '10.0.0.5' } } },
    );
    await expectAnswers([[['instance', 'host-ip'], error('NonRecoverableError', 'host_id missing')]]);
  });

  it('answers abort and retry with stop_operation, and only once', async () => {
    const served = await expectAnswers([
      [['retry_operation', 'wait', 30], { type: 'stop_operation', payload: { message: 'wait' } }],
      [['abort_operation', 'no'], error('RuntimeError', 'ctx may only abort or return once')],
      [['returns', 1], error('RuntimeError', 'ctx may only abort or return once')],
    ]);
    assert.deepEqual(served.outcome.verdict(), { kind: 'illegal' });
    await expectAnswers([[['abort-operation'], { type: 'stop_operation', payload: { message: 'None' } }]]);
  });
});

describe('request decoding', () => {
  it('reports malformed bodies as Python json does', async () => {
    const served = serveContext(server);
    try {
      for (const [body, message] of [
        ['', 'Expecting value: line 1 column 1 (char 0)'],
        ['{"args": [1,]}', 'Expecting value: line 1 column 13 (char 12)'],
        ['{"args": ["a"', "Expecting ',' delimiter: line 1 column 14 (char 13)"],
        ['{"args": ["a]}', 'Unterminated string starting at: line 1 column 11 (char 10)'],
        ['{"args"\n  []}', "Expecting ':' delimiter: line 2 column 3 (char 10)"],
        ['{args: []}', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
        ['{"args": []} x', 'Extra data: line 1 column 14 (char 13)'],
        ['{"args": ["\\q"]}', 'Invalid \\escape: line 1 column 12 (char 11)'],
      ]) {
        const reply = JSON.parse((await post(served.url, body ?? '')).body) as {
          type: string;
          payload: unknown;
        };
        assert.deepEqual(withoutTraceback(reply), error('JSONDecodeError', message ?? ''), body);
      }
      assert.deepEqual(
        withoutTraceback(JSON.parse((await post(served.url, '{}')).body) as never),
        error('KeyError', "'args'"),
      );
      assert.deepEqual(
        withoutTraceback(JSON.parse((await post(served.url, '[1]')).body) as never),
        error('TypeError', 'list indices must be integers or slices, not str'),
      );
      assert.deepEqual(
        withoutTraceback(JSON.parse((await post(served.url, '{"args": []}')).body) as never),
        error('TypeError', 'Object of type CloudifyContext is not JSON serializable'),
      );
      assert.deepEqual(
        JSON.parse((await post(served.url, '{"args": ["operation", "retry_number"], "x": NaN}')).body),
        result(0),
      );
    } finally {
      served.close();
    }
  });
});

describe('blueprint resources', () => {
  it('reads, downloads and renders resources relative to the blueprint folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'proxy-resources-'));
    try {
      await writeFile(join(dir, 'plain.txt'), 'no template here {x}');
      await writeFile(
        join(dir, 'page.html'),
        'port={{ ctx.node.properties.port }} id={{ ctx.instance.id }} who={{ who }}',
      );
      const target = join(dir, 'out.html');
      await expectAnswers(
        [
          [['get-resource', 'plain.txt'], result('no template here {x}')],
          [
            ['get-resource-and-render', 'page.html', { template_variables: { who: 'me' } }],
            result('port=8000 id=web_a1b2c3 who=me'),
          ],
          [['download-resource-and-render', 'page.html', { target_path: target }], result(target)],
          [
            ['get-resource', 'missing.txt'],
            error('FileNotFoundError', `[Errno 2] No such file or directory: '${join(dir, 'missing.txt')}'`),
          ],
          [
            ['get-resource-and-render', 'page.html', { template_variables: { ctx: 1 } }],
            error('NonRecoverableError', 'Key not allowed - a key named ctx is in template_variables'),
          ],
        ],
        { blueprintDir: dir },
      );
      assert.equal(await readFile(target, 'utf8'), 'port=8000 id=web_a1b2c3 who=');
      const served = serveContext(server, { blueprintDir: dir });
      const downloaded = (await ask(served.url, ['download-resource', 'plain.txt'])).payload as string;
      served.close();
      assert.match(downloaded, /tmp[0-9a-f]{8}-plain\.txt$/);
      assert.equal(await readFile(downloaded, 'utf8'), 'no template here {x}');
      await rm(downloaded);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
