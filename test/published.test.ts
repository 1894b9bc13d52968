// The packages as npm would publish them: generator-cloudify-plugin and create-cloudify-plugin are
// packed, installed from their tarballs into an empty folder (as `npm init cloudify-plugin` installs
// them from the registry, with no workspace around), and the installed bin generates a plugin.
// What this catches: a file missing from `files`, a dependency used but not declared (the workspace
// hoists it in development), and the SDK default of a published generator.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { assertSucceeded, listFiles, plainEnv, ROOT, runProcess, tempDir } from './helpers.js';

const MINUTE = 60_000;

async function pack(dir: string, destination: string): Promise<string> {
  const before = new Set(await readdir(destination));
  // --ignore-scripts: `prepare` would build again; npm test has built already.
  const packed = await runProcess(
    'npm',
    ['pack', '--ignore-scripts', '--silent', '--pack-destination', destination],
    { cwd: dir, env: plainEnv(), timeoutMs: 2 * MINUTE },
  );
  assertSucceeded(`npm pack in ${dir}`, packed);
  const [tarball] = (await readdir(destination)).filter((file) => file.endsWith('.tgz') && !before.has(file));
  assert.ok(tarball, `npm pack wrote no tarball for ${dir}`);
  return join(destination, tarball);
}

describe('the published generator and create packages', { timeout: 10 * MINUTE }, () => {
  test('installed from their tarballs alone, the create bin generates a plugin that depends on the SDK by version', async (t) => {
    const work = await tempDir(t);
    const generator = await pack(ROOT, work);
    const create = await pack(join(ROOT, 'packages', 'create-cloudify-plugin'), work);
    const prefix = join(work, 'installed');
    const install = await runProcess(
      'npm',
      ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-package-lock', generator, create],
      { cwd: work, env: plainEnv(), timeoutMs: 5 * MINUTE },
    );
    assertSucceeded('npm install of the two tarballs', install);

    const bin = join(prefix, 'node_modules', '.bin', 'create-cloudify-plugin');
    const generated = await runProcess(bin, ['my-plugin', '--yes', '--skip-install', '--no-git'], {
      cwd: work,
      env: plainEnv(),
    });
    assertSucceeded('the installed create-cloudify-plugin', generated);
    const plugin = join(work, 'my-plugin');
    const files = await listFiles(plugin);
    for (const file of [
      'package.json',
      'plugin.yaml',
      'src/main.ts',
      'test/blueprint/blueprint.yaml',
      'LICENSE',
    ]) {
      assert.ok(files.includes(file), `${file} is missing from the plugin: ${files.join(', ')}`);
    }
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const manifest = JSON.parse(await readFile(join(plugin, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    // Not a path into a checkout: a published generator points at the published SDK.
    assert.equal(manifest.dependencies['cloudify-plugin-sdk'], `^${version}`);
    assert.doesNotMatch(generated.stderr + generated.stdout, /source checkout/);

    const help = await runProcess(bin, ['operation', '--help'], { cwd: plugin, env: plainEnv() });
    assertSucceeded('create-cloudify-plugin operation --help', help);
    assert.match(help.stdout, /--lifecycle-step/);
  });
});
