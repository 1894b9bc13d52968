// src/plugin-types.ts is regenerated with the plugin's own SDK: here a generated plugin whose
// node_modules links this checkout's SDK (built) and prettier, as an install would provide them.
import assert from 'node:assert/strict';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import {
  derivePluginTypes,
  PLUGIN_TYPES_FILE,
  refreshPluginTypes,
  typesCli,
} from '../generators/lib/plugin-types.js';
import { ROOT, SDK_DIR, snapshotTree, generate } from './helpers.js';

/** A generated plugin, with this checkout's SDK and prettier linked in as an install would put them. */
async function generateLinked(t: TestContext): Promise<string> {
  const dir = await generate(t, 'typed-web');
  await mkdir(join(dir, 'node_modules'));
  await symlink(SDK_DIR, join(dir, 'node_modules', 'cloudify-plugin-sdk'));
  await symlink(join(ROOT, 'node_modules', 'prettier'), join(dir, 'node_modules', 'prettier'));
  return dir;
}

describe("the plugin's typed properties", () => {
  test('without an installed SDK nothing runs, and the caller is told so', async (t) => {
    const dir = await generate(t, 'typed-web');
    assert.equal(typesCli(dir), undefined);
    assert.deepEqual(await refreshPluginTypes(dir), { status: 'no-sdk' });
    assert.deepEqual(await derivePluginTypes(dir, ''), { status: 'no-sdk' });
  });

  test("a fresh plugin's file is what its SDK derives; a changed plugin.yaml regenerates it", async (t) => {
    const dir = await generateLinked(t);
    assert.match(typesCli(dir) ?? '', /cloudify-plugin\.js$/);
    assert.deepEqual(await refreshPluginTypes(dir), { status: 'up-to-date' });

    const pluginYaml = await readFile(join(dir, 'plugin.yaml'), 'utf8');
    await writeFile(join(dir, 'plugin.yaml'), pluginYaml.replace('default: 8080', 'default: 8181'));
    assert.deepEqual(await refreshPluginTypes(dir), { status: 'written' });
    assert.match(await readFile(join(dir, PLUGIN_TYPES_FILE), 'utf8'), /@default 8181/);
  });

  test('the file for a plugin.yaml not written yet, without touching the plugin; errors name file:line:col', async (t) => {
    const dir = await generateLinked(t);
    const before = await snapshotTree(dir);
    const pluginYaml = await readFile(join(dir, 'plugin.yaml'), 'utf8');
    const derived = await derivePluginTypes(dir, pluginYaml.replace('default: 8080', 'default: 9999'));
    assert.equal(derived.status, 'derived');
    assert.match(
      derived.status === 'derived' ? derived.content : '',
      /@default 9999\n {3}\*\/\n {2}readonly port: number;/,
    );

    const broken = await derivePluginTypes(
      dir,
      pluginYaml.replace('cloudify.nodes.WebServer', 'cloudify.nodes.WebSrver'),
    );
    assert.equal(broken.status, 'invalid');
    assert.match(
      broken.status === 'invalid' ? broken.problem : '',
      /^plugin\.yaml:\d+:\d+: Missing definition for node type 'cloudify\.nodes\.WebSrver'.*did you mean 'cloudify\.nodes\.WebServer'\?$/,
    );
    assert.deepEqual(await snapshotTree(dir), before, 'the plugin folder is as it was');
  });
});
