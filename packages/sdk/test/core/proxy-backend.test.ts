// The ctx implementation over the ctx-proxy transport, in-process against a test server: exact
// requests for update/refresh/conflicts/resources, and Cloudify's errors mapped to ours.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describe, test } from 'node:test';
import { Context } from '../../src/context/context.js';
import { inputsFromValues } from '../../src/context/inputs.js';
import { ProxyBackend } from '../../src/context/proxy-backend.js';
import { loadContextData } from '../../src/context/proxy-loader.js';
import { HttpError, operation, runOperation, type NodeOperationContext } from '../../src/index.js';
import { CtxProxyClient } from '../../src/proxy/client.js';
import { ProxyFailure, startFakeCtxProxy } from './helpers/fake-ctx-proxy.js';
import { FIRST_ROUND, nodeOperationCtx } from './helpers/plugin-fixture.js';

type Root = ReturnType<typeof nodeOperationCtx> & Record<string, unknown>;

/** Runs `fn` as an operation over the proxy; returns the requests made after start-up. */
async function overProxy(
  root: Root,
  fn: (ctx: NodeOperationContext) => unknown,
): Promise<{ requests: unknown[][]; outcome: unknown }> {
  const proxy = await startFakeCtxProxy(root);
  const client = new CtxProxyClient(proxy.url);
  try {
    const context = new Context(
      await loadContextData(client, inputsFromValues({})),
      new ProxyBackend(client),
    );
    const outcome = await runOperation(operation(fn), context);
    return { requests: proxy.requests.slice(FIRST_ROUND.length), outcome };
  } finally {
    client.close();
    await proxy.close();
  }
}

/** A file server stand-in: download_resource(path, {target_path}) writes the file, as Cloudify does. */
function resourceCallables(
  files: Record<string, string>,
  render: (text: string, variables: unknown) => string,
) {
  const write = async (
    path: string,
    options: { target_path?: string; template_variables?: unknown } = {},
    rendered = false,
  ) => {
    const content = files[path];
    if (content === undefined)
      throw new ProxyFailure(
        'HttpException',
        `404 (http://fileserver/resources/${path}) : Resource not found: ${path}`,
      );
    const target = options.target_path ?? `/tmp/cloudify-test-default-${path.replace(/\W/g, '_')}`;
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, rendered ? render(content, options.template_variables) : content);
    return target;
  };
  return {
    download_resource: (path: string, options?: { target_path?: string }) => write(path, options),
    download_resource_and_render: (
      path: string,
      options?: { target_path?: string; template_variables?: unknown },
    ) => write(path, options, true),
  };
}

describe('ctx over the ctx proxy', () => {
  test('log lines and saves go out in the order the operation made them', async () => {
    const root = nodeOperationCtx({}, { a: 1 }) as Root;
    const { requests } = await overProxy(root, async (ctx) => {
      ctx.logger.info('one');
      ctx.instance.runtimeProperties['a'] = 2;
      await ctx.instance.update();
      ctx.logger.warn('two');
    });
    assert.deepEqual(requests, [
      ['logger', 'info', 'one'],
      ['instance', 'runtime_properties', 'update', { a: 2 }, {}],
      ['instance', 'update'],
      ['logger', 'warning', 'two'],
    ]);
  });

  test('refresh() refetches from storage', async () => {
    const root = nodeOperationCtx({}, { n: 1 }) as Root;
    root.instance.refresh = () => {
      root.instance.runtime_properties = { n: 5, other: 'writer' };
      return null;
    };
    const { requests, outcome } = await overProxy(root, async (ctx) => {
      await ctx.instance.refresh();
      return ctx.instance.runtimeProperties;
    });
    assert.deepEqual(outcome, { status: 'succeeded', value: { n: 5, other: 'writer' } });
    assert.deepEqual(requests, [
      ['instance', 'refresh', true],
      ['instance', 'runtime_properties'],
    ]);
  });

  test('update(onConflict) merges with the latest stored properties after a version conflict', async () => {
    const root = nodeOperationCtx({}, { count: 1 }) as Root;
    let updates = 0;
    root.instance.update = () => {
      if (updates++ === 0) {
        root.instance.runtime_properties = { count: 10 }; // another writer got there first
        throw new ProxyFailure('CloudifyClientError', '409: Node instance update conflict');
      }
      return null;
    };
    const calls: unknown[][] = [];
    const { requests, outcome } = await overProxy(root, async (ctx) => {
      ctx.instance.runtimeProperties['count'] = 2;
      await ctx.instance.update((local, latest) => {
        calls.push([local, latest]);
        return { count: Number(latest['count']) + 1 };
      });
    });
    assert.deepEqual(outcome, { status: 'succeeded', value: undefined });
    assert.deepEqual(calls, [
      [{ count: 2 }, { count: 2 }],
      [{ count: 2 }, { count: 10 }],
    ]);
    assert.deepEqual(requests, [
      ['instance', 'runtime_properties', 'update', { count: 3 }, {}],
      ['instance', 'update'],
      ['instance', 'refresh', true],
      ['instance', 'runtime_properties'],
      ['instance', 'runtime_properties', 'update', { count: 11 }, {}],
      ['instance', 'update'],
    ]);
    assert.deepEqual(root.instance.runtime_properties, { count: 11 });
  });

  test('resources: downloaded into a folder of our own, read, and removed', async () => {
    const root = nodeOperationCtx({}) as Root;
    Object.assign(
      root,
      resourceCallables({ 'conf/app.conf': 'port={{ port }}' }, (text, variables) =>
        text.replace('{{ port }}', String((variables as { port?: number } | undefined)?.port)),
      ),
    );
    const { requests, outcome } = await overProxy(root, async (ctx) => {
      const raw = (await ctx.getResource('conf/app.conf')).toString();
      const rendered = (await ctx.getResourceAndRender('conf/app.conf', { port: 81 })).toString();
      const downloaded = await ctx.downloadResource('conf/app.conf');
      return { raw, rendered, downloaded: await readFile(downloaded, 'utf8') };
    });
    assert.deepEqual(outcome, {
      status: 'succeeded',
      value: { raw: 'port={{ port }}', rendered: 'port=81', downloaded: 'port={{ port }}' },
    });
    const [first, second, third] = requests as [string, string, Record<string, unknown>?][];
    assert.deepEqual(first?.slice(0, 2), ['download_resource', 'conf/app.conf']);
    assert.match(String(first?.[2]?.['target_path']), /cloudify-resource-\w+\/app\.conf$/);
    assert.equal(existsSync(String(first?.[2]?.['target_path'])), false, 'the temporary copy is removed');
    assert.deepEqual(second?.[2]?.['template_variables'], { port: 81 });
    assert.deepEqual(third, ['download_resource', 'conf/app.conf']);
  });

  test("Cloudify's HttpException stays non-recoverable (an HttpError)", async () => {
    const root = nodeOperationCtx({}) as Root;
    Object.assign(
      root,
      resourceCallables({}, (text) => text),
    );
    const { outcome } = await overProxy(root, (ctx) => ctx.getResource('missing.txt'));
    const failed = outcome as { status: string; recoverable: boolean; error: HttpError };
    assert.equal(failed.status, 'failed');
    assert.equal(failed.recoverable, false);
    assert.ok(failed.error instanceof HttpError);
    assert.equal(failed.error.code, 404);
    assert.equal(
      failed.error.message,
      '404 (http://fileserver/resources/missing.txt) : Resource not found: missing.txt',
    );
  });

  test('relationships and host ip, when the proxy can send them', async () => {
    const root = nodeOperationCtx({}, { ip: '10.0.0.1' }) as Root;
    root.instance.host_ip = '10.0.0.1' as never;
    root.instance.relationships = [
      {
        type: 'cloudify.relationships.contained_in',
        type_hierarchy: ['cloudify.relationships.depends_on', 'cloudify.relationships.contained_in'],
        target: {
          node: { name: 'vm', type: 'cloudify.nodes.Compute', properties: {} },
          instance: { id: 'vm_1', runtime_properties: { ip: '10.0.0.1' } },
        },
      },
    ] as never;
    const { outcome } = await overProxy(root, (ctx) => [
      ctx.instance.hostIp,
      ctx.instance.relationships.map((r) => [
        r.type,
        r.target.node.name,
        r.target.instance.runtimeProperties['ip'],
      ]),
    ]);
    assert.deepEqual(outcome, {
      status: 'succeeded',
      value: ['10.0.0.1', [['cloudify.relationships.contained_in', 'vm', '10.0.0.1']]],
    });
  });

  test("relationships Cloudify's proxy cannot serialise fail where used, saying what to do", async () => {
    const root = nodeOperationCtx({}) as Root;
    root.instance.relationships = new ProxyFailure(
      'TypeError',
      'Object of type RelationshipContext is not JSON serializable',
    ) as never;
    const { outcome } = await overProxy(root, (ctx) => ctx.instance.relationships);
    const failed = outcome as { status: string; recoverable: boolean; error: Error };
    assert.equal(failed.recoverable, false);
    assert.match(
      failed.error.message,
      /ctx\.instance\.relationships is not available through this ctx proxy \(Object of type RelationshipContext is not JSON serializable\)/,
    );
  });
});
