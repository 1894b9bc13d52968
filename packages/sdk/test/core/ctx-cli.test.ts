// The `ctx` command: argument parsing, output formats and exit codes, against a ctx proxy test
// server; in-process for the formats, as a real process for the end-to-end behaviour.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/proxy/ctx-cli.js';
import { startFakeCtxProxy, type FakeCtxProxy } from './helpers/fake-ctx-proxy.js';
import { nodeOperationCtx, type RunnerOutcome } from './helpers/plugin-fixture.js';
import { cleanEnv, runNode } from './helpers/processes.js';

const CTX_CLI = fileURLToPath(new URL('../../src/proxy/ctx-cli.ts', import.meta.url));

let proxy: FakeCtxProxy;
let outcome: RunnerOutcome;
let root: ReturnType<typeof nodeOperationCtx>;

before(async () => {
  outcome = {};
  root = nodeOperationCtx(outcome, {
    zero: 0,
    empty: {},
    text: 'hello',
    nested: { b: 1, l: [1, 'a'] },
    flag: true,
  });
  root.node.properties = { port: 8000, missing: null };
  proxy = await startFakeCtxProxy(root);
});

after(async () => {
  await proxy.close();
});

async function ctx(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { CTX_SOCKET_URL: proxy.url },
  });
  return { code, stdout, stderr };
}

describe('ctx command output', () => {
  test('Python str() by default, no trailing newline', async () => {
    assert.deepEqual(await ctx('node', 'properties', 'port'), { code: 0, stdout: '8000', stderr: '' });
    assert.equal((await ctx('instance', 'runtime_properties', 'nested')).stdout, "{'b': 1, 'l': [1, 'a']}");
    assert.equal((await ctx('instance', 'runtime_properties', 'flag')).stdout, 'True');
    assert.equal((await ctx('instance', 'runtime_properties', 'text')).stdout, 'hello');
  });

  test('falsy results print as nothing, unless -j', async () => {
    for (const key of ['zero', 'empty']) {
      assert.deepEqual(await ctx('instance', 'runtime_properties', key), { code: 0, stdout: '', stderr: '' });
    }
    assert.equal((await ctx('node', 'properties', 'missing')).stdout, '');
    assert.equal((await ctx('-j', 'node', 'properties', 'missing')).stdout, 'null');
    assert.equal((await ctx('-j', 'instance', 'runtime_properties', 'zero')).stdout, '0');
  });

  test('-j / --json-output print Python json.dumps, options anywhere', async () => {
    assert.equal(
      (await ctx('-j', 'instance', 'runtime_properties', 'nested')).stdout,
      '{"b": 1, "l": [1, "a"]}',
    );
    assert.equal((await ctx('instance', 'runtime_properties', 'text', '--json-output')).stdout, '"hello"');
    assert.equal((await ctx('--json-o', 'instance', 'runtime_properties', 'flag')).stdout, 'true');
  });

  test('@ arguments are JSON; the prefix can be changed; a negative number is an argument', async () => {
    assert.equal((await ctx('instance', 'runtime_properties', 'n', '@14')).code, 0);
    assert.equal((await ctx('instance', 'runtime_properties', 'obj', '@{"k": [true]}')).code, 0);
    assert.equal(
      (await ctx('--json-arg-prefix', '%', 'instance', 'runtime_properties', 'p', '%null')).code,
      0,
    );
    assert.equal((await ctx('instance', 'runtime_properties', 'neg', '-3')).code, 0);
    assert.deepEqual(
      [
        root.instance.runtime_properties['n'],
        root.instance.runtime_properties['obj'],
        root.instance.runtime_properties['p'],
        root.instance.runtime_properties['neg'],
      ],
      [14, { k: [true] }, null, '-3'],
    );
    assert.equal(proxy.bodies.at(-1), '{"args": ["instance", "runtime_properties", "neg", "-3"]}');
  });
});

describe('ctx command failures', () => {
  test('an error reply: message on stderr, exit 1', async () => {
    assert.deepEqual(await ctx('node', 'properties', 'nope'), {
      code: 1,
      stdout: '',
      stderr: 'RuntimeError: illegal path: nope\n',
    });
  });

  test('usage mistakes exit 2', async () => {
    assert.equal((await ctx('--bogus')).code, 2);
    assert.match(
      (await ctx('--json', 'x')).stderr,
      /ambiguous option: --json could match --json-arg-prefix, --json-output/,
    );
    assert.match((await ctx('-t', 'soon', 'type')).stderr, /invalid int value: 'soon'/);
    assert.match((await ctx('@{oops')).stderr, /starts with @ but is not JSON/);
    const noUrl = await main(['type'], { stdout: () => undefined, stderr: () => undefined, env: {} });
    assert.equal(noUrl, 2);
  });

  test('--help prints usage and exits 0', async () => {
    const help = await ctx('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /usage: ctx \[-h\] \[-t TIMEOUT\]/);
  });
});

describe('ctx as a process', () => {
  test('prints the result, and stop_operation exits 1 with the message on stderr', async () => {
    const env = cleanEnv({ CTX_SOCKET_URL: proxy.url });
    const read = await runNode(['--import', 'tsx/esm', CTX_CLI, 'node', 'properties', 'port'], { env });
    assert.deepEqual(read, { code: 0, stdout: '8000', stderr: '' });
    const retry = await runNode(['--import', 'tsx/esm', CTX_CLI, 'retry_operation', 'not yet', '@5'], {
      env,
    });
    assert.deepEqual(retry, { code: 1, stdout: '', stderr: 'not yet\n' });
    assert.equal(outcome.retryAfter, 5);
    assert.equal(proxy.bodies.at(-1), '{"args": ["retry_operation", "not yet", 5]}');
  });
});
