// The plugin as Cloudify runs it: the test blueprint installed and uninstalled by the SDK's local
// workflows, each operation a `node plugin.mjs <operation>` process of the bundle that
// `npm run package` makes (the test script makes it first), talking to a ctx proxy.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  expectNoRuntimeProperty,
  expectOutput,
  expectRuntimeProperty,
  expectState,
  freePort,
  withWorkflowTest,
} from 'cloudify-plugin-sdk/testing';

/** Whether a process runs (a zombie no longer does: it only waits for its parent to reap it). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !/^\d+ \(.*\) Z/.test(readStat(pid));
}

function readStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return '';
  }
}

test('install serves the web page on the port; uninstall stops the server', async () => {
  const port = await freePort();
  await withWorkflowTest(
    {
      blueprint: 'blueprint/blueprint.yaml',
      testFile: import.meta.url,
      copyPluginYaml: true,
      inputs: { port },
    },
    async (env) => {
      await env.execute('install');
      const page = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<h1>webserver \(webserver_[a-z0-9]{6}\)<\/h1>/);
      const { pid, webroot } = (await env.instance('webserver')).runtimeProperties;
      assert.ok(
        typeof pid === 'number' && isRunning(pid),
        `the server process ${String(pid)} runs`,
      );
      assert.ok(typeof webroot === 'string' && existsSync(webroot), 'the web root exists');
      await env.check(
        expectState('webserver', 'started'),
        expectRuntimeProperty('webserver', 'port', port),
        expectOutput('url', `http://localhost:${port}/`),
        expectOutput('pid', pid),
        expectOutput('webroot', webroot),
      );

      await env.execute('uninstall');
      await assert.rejects(fetch(`http://127.0.0.1:${port}/`), 'the port is closed');
      assert.equal(isRunning(pid), false, 'the server process is gone');
      assert.equal(existsSync(webroot), false, 'the web root is removed');
      await env.check(
        expectState('webserver', 'deleted'),
        expectNoRuntimeProperty('webserver', 'pid'),
      );
    },
  );
});
