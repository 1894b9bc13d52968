import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isInteractive, preflight } from '../generators/lib/preflight.js';
import { tempDir } from './helpers.js';

describe('preflight (before Yeoman loads)', () => {
  const noTerminal = (args: string[], cwd = '/nowhere', env: NodeJS.ProcessEnv = {}): string | undefined =>
    preflight({ args, cwd, stdinIsTTY: false, env });

  test('stops a run without a terminal that has no plugin name', () => {
    assert.match(noTerminal([]) ?? '', /^Missing the plugin name \(--name\)/);
    assert.match(noTerminal(['--yes', '--port', '8081']) ?? '', /--name <name>/);
    // The value of a flag is not the target folder.
    assert.match(noTerminal(['--description', 'my-plugin']) ?? '', /--name <name>/);
    assert.match(noTerminal(['Bad_Folder', '--yes']) ?? '', /"Bad_Folder" is not a valid plugin name/);
  });

  test('lets a run go on when the name is there or can be asked', () => {
    assert.equal(noTerminal(['--name', 'x']), undefined);
    assert.equal(noTerminal(['--name=x']), undefined);
    assert.equal(noTerminal(['my-plugin', '--yes']), undefined);
    assert.equal(noTerminal(['--yes', '--', 'my-plugin']), undefined);
    assert.equal(noTerminal(['--interactive']), undefined);
    assert.equal(noTerminal(['--help']), undefined);
    assert.equal(noTerminal(['-h']), undefined);
    assert.equal(preflight({ args: [], cwd: '/nowhere', stdinIsTTY: true, env: {} }), undefined);
  });

  test('a name stored in the target folder .yo-rc.json counts', async (t) => {
    const dir = await tempDir(t);
    await mkdir(join(dir, 'Stored_Folder'));
    const yoRc = JSON.stringify({ 'generator-cloudify-plugin': { name: 'stored' } });
    await writeFile(join(dir, '.yo-rc.json'), yoRc);
    await writeFile(join(dir, 'Stored_Folder', '.yo-rc.json'), yoRc);
    assert.equal(noTerminal([], dir), undefined);
    assert.equal(noTerminal(['Stored_Folder'], dir), undefined);
  });
});

describe('isInteractive', () => {
  test('follows --interactive, else a terminal outside CI', () => {
    assert.equal(isInteractive(undefined, true, {}), true);
    assert.equal(isInteractive(undefined, false, {}), false);
    assert.equal(isInteractive(undefined, true, { CI: 'true' }), false);
    assert.equal(isInteractive(undefined, true, { CI: 'false' }), true);
    assert.equal(isInteractive(true, false, { CI: '1' }), true);
    assert.equal(isInteractive(false, true, {}), false);
  });
});
