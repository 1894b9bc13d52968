// The whole slice, as a plugin author gets it: the SDK packed as npm would publish it, a plugin
// generated against that tarball, installed from the registry, and every script of it run.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  assertSucceeded,
  packSdk,
  plainEnv,
  runCreate,
  runProcess,
  tempDir,
  type ProcessResult,
} from './helpers.js';

const NAME = 'e2e-webserver';
const MINUTE = 60_000;

test(
  'a generated plugin installs with the packed SDK, passes build, lint, typecheck, test and package, and runs under cloudify-local',
  { timeout: 10 * MINUTE },
  async (t) => {
    const env = plainEnv();
    const work = await tempDir(t, 'cloudify-plugin-e2e-');
    const tarball = await packSdk(work);

    const generated = await runCreate([NAME, '--sdk', tarball, '--skip-install', '--no-git', '--yes'], {
      cwd: work,
      env,
    });
    assertSucceeded('create-cloudify-plugin', generated);
    t.diagnostic(`generation without install: ${generated.elapsedMs} ms`);
    const plugin = join(work, NAME);

    const install = await runProcess('npm', ['install', '--no-audit', '--no-fund'], {
      cwd: plugin,
      env,
      timeoutMs: 5 * MINUTE,
    });
    assertSucceeded('npm install', install);
    t.diagnostic(`npm install: ${install.elapsedMs} ms`);

    for (const script of ['build', 'lint', 'typecheck', 'test', 'package']) {
      const run = await runProcess('npm', ['run', script], { cwd: plugin, env, timeoutMs: 3 * MINUTE });
      assertSucceeded(`npm run ${script}`, run);
      t.diagnostic(`npm run ${script}: ${run.elapsedMs} ms`);
      if (script === 'test') {
        // The plugin's own unit tests ran, and all passed (a run of no test exits 0 too).
        assert.match(run.stdout, /^# tests [1-9]/m, run.stdout);
        assert.match(run.stdout, /^# fail 0$/m, run.stdout);
      }
    }
    assert.ok(existsSync(join(plugin, 'dist', 'tasks.js')), 'build wrote dist/tasks.js');
    for (const file of ['plugin.mjs', 'plugin.yaml']) {
      assert.ok(existsSync(join(plugin, 'dist', 'package', 'plugins', NAME, file)), `package wrote ${file}`);
    }

    // The plugin README's "Try it locally", as written there: the bundle runs under the SDK's ctx
    // proxy, start leaves a web server that answers, uninstall stops it.
    const port = await freePort();
    const tryDir = join(plugin, 'dist', 'try');
    await mkdir(tryDir, { recursive: true });
    await cp(join(plugin, 'test', 'blueprint', 'blueprint.yaml'), join(tryDir, 'blueprint.yaml'));
    await cp(join(plugin, 'dist', 'package', 'plugins'), join(tryDir, 'plugins'), { recursive: true });
    const local = (args: string[]): Promise<ProcessResult> =>
      runProcess('npx', ['cloudify-local', ...args], { cwd: plugin, env, timeoutMs: 2 * MINUTE });
    assertSucceeded(
      'cloudify-local init',
      await local(['init', '-b', 'dist/try/blueprint.yaml', '-i', `port=${port}`]),
    );
    let uninstalled: ProcessResult;
    try {
      assertSucceeded('cloudify-local install', await local(['install']));
      const page = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<h1>webserver \(webserver_[a-z0-9]{6}\)<\/h1>/);
      const outputs = await local(['outputs']);
      assertSucceeded('cloudify-local outputs', outputs);
      assert.match(outputs.stdout, new RegExp(`url: "http://localhost:${port}/"`));
    } finally {
      // Also after a failure: the detached web server must not outlive the test.
      uninstalled = await local(['uninstall']);
    }
    assertSucceeded('cloudify-local uninstall', uninstalled);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/`), 'the web server is stopped');
  },
);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
