// `cloudify-plugin package`: really bundles the fixture plugin with esbuild, then runs the bundle
// ALONE in an empty folder against a ctx proxy test server, as Cloudify's script runner would.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/cli/cloudify-plugin.js';
import { startFakeCtxProxy } from './helpers/fake-ctx-proxy.js';
import {
  FIRST_ROUND,
  FIXTURE_PLUGIN,
  nodeOperationCtx,
  type RunnerOutcome,
} from './helpers/plugin-fixture.js';
import { cleanEnv, runCommand, runNode } from './helpers/processes.js';

const CLI = fileURLToPath(new URL('../../src/cli/cloudify-plugin.ts', import.meta.url));

let scratch = '';

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'sdk-package-test-'));
});

after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function cli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
    return { code, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}

describe('cloudify-plugin package', () => {
  test('bundles one self-contained file that runs alone, as Cloudify delivers it', async () => {
    const out = join(scratch, 'out');
    const run = await runNode(['--import', 'tsx/esm', CLI, 'package', '--out', out], { cwd: FIXTURE_PLUGIN });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const bundle = join(out, 'plugins', 'fixture-plugin', 'plugin.mjs');
    assert.match(
      run.stdout,
      /^Packaged fixture-plugin:\n {2}.*plugins\/fixture-plugin\/plugin\.mjs \(\d+\.\d kB\)\n/,
    );
    const code = await readFile(bundle, 'utf8');
    assert.ok(code.startsWith('#!/usr/bin/env node\n'));
    assert.equal((await stat(bundle)).mode & 0o777, 0o755);
    assert.equal(
      await readFile(join(out, 'plugins', 'fixture-plugin', 'plugin.yaml'), 'utf8'),
      await readFile(join(FIXTURE_PLUGIN, 'plugin.yaml'), 'utf8'),
    );

    const alone = join(scratch, 'alone');
    await mkdir(alone);
    await copyFile(bundle, join(alone, 'plugin.mjs'));
    const outcome: RunnerOutcome = {};
    const proxy = await startFakeCtxProxy(nodeOperationCtx(outcome));
    try {
      const env = cleanEnv({ CTX_SOCKET_URL: proxy.url, who: 'bundle', tags: '[]' });
      const started = await runNode([join(alone, 'plugin.mjs'), 'start'], { env, cwd: alone });
      assert.equal(started.code, 0, started.stderr);
      assert.deepEqual(outcome.value, { greeting: 'hello bundle', tags: [] });
      assert.equal(proxy.requests.length, FIRST_ROUND.length + 3);
      // Through its shebang, as the script runner runs a script without command_prefix.
      const stopped = await runCommand(join(alone, 'plugin.mjs'), ['stop'], { env });
      assert.equal(stopped.code, 0, stopped.stderr);
      assert.deepEqual(proxy.requests.at(-1), ['logger', 'debug', 'stopping web_a1b2c3']);
    } finally {
      await proxy.close();
    }
  });

  test('a script_path that is not the bundle is an error naming the line', async () => {
    const plugin = join(scratch, 'wrong-path');
    await mkdir(join(plugin, 'src'), { recursive: true });
    await writeFile(join(plugin, 'package.json'), JSON.stringify({ name: '@acme/web-plugin' }));
    await writeFile(join(plugin, 'src', 'main.ts'), 'export {};\n');
    await writeFile(
      join(plugin, 'plugin.yaml'),
      [
        'node_types:',
        '  acme.nodes.Web:',
        '    interfaces:',
        '      cloudify.interfaces.lifecycle:',
        '        start:',
        '          implementation: script.script_runner.tasks.run',
        '          inputs:',
        '            script_path: { default: plugins/web-plugin/plugin.cjs }',
        '        stop:',
        '          implementation: script.script_runner.tasks.run',
        '          inputs: { script_path: plugins/web-plugin/plugin.mjs }',
        '',
      ].join('\n'),
    );
    const run = await cli(['package'], plugin);
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      'cloudify-plugin: plugin.yaml runs scripts other than the bundle this command writes:\n' +
        "  plugin.yaml:8:37: script_path is 'plugins/web-plugin/plugin.cjs'\n" +
        "Set every script_path to plugins/web-plugin/plugin.mjs (the bundle's path inside a blueprint folder).\n",
    );
  });

  test('missing files, build errors and usage', async () => {
    const empty = join(scratch, 'empty');
    await mkdir(empty);
    assert.match(
      (await cli(['package'], empty)).stderr,
      /No package\.json in .*empty: run cloudify-plugin package in the plugin repository's root/,
    );

    await writeFile(join(empty, 'package.json'), JSON.stringify({ name: 'p' }));
    await writeFile(join(empty, 'plugin.yaml'), 'node_types: {}\n');
    const noEntry = await cli(['package'], empty);
    assert.equal(noEntry.code, 1);
    assert.match(noEntry.stderr, /The entry src\/main\.ts does not exist/);

    await mkdir(join(empty, 'src'));
    await writeFile(join(empty, 'src', 'main.ts'), "import './missing.js';\n");
    const broken = await cli(['package'], empty);
    assert.equal(broken.code, 1);
    assert.match(
      broken.stderr,
      /^cloudify-plugin: src\/main\.ts:1:8: error: Could not resolve "\.\/missing\.js"\n/,
    );

    await writeFile(join(empty, 'plugin.yaml'), 'node_types: [\n');
    assert.match((await cli(['package'], empty)).stderr, /plugin\.yaml:2:1: not valid YAML/);

    assert.equal((await cli(['package', '--bogus'], empty)).code, 2);
    assert.equal((await cli(['nothing'], empty)).code, 2);
    const help = await cli(['package', '--help'], empty);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--entry <file>[\s\S]*?\(default:\s+"src\/main\.ts"\)/);
  });
});
