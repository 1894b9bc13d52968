// Update mode as a plugin author meets it: a generated plugin in a real git repository, edited and
// committed, then updated through the create-cloudify-plugin bin with changed answers and a changed
// template (a modified copy of templates/plugin, named by CLOUDIFY_PLUGIN_TEMPLATES_DIR).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TEMPLATES_DIR_ENV } from '../generators/lib/package-info.js';
import { assertSucceeded, git, GIT_IDENTITY, listFiles, plainEnv, runCreate, tempDir } from './helpers.js';
import { changedTemplates, edit, editJson, readJson } from './template-changes.js';

const YO_KEY = 'generator-cloudify-plugin';

const NEW_OPERATION = `
/** Mine: says where the server answers. */
export const status = operation<WebServerNode['properties'], WebServerRuntime>((ctx) => {
  ctx.logger.info(\`serving \${ctx.instance.runtimeProperties.url ?? 'nothing'}\`);
});
`;

/** A plugin author's edits, one of them (retry_interval) overlapping the template's change. */
async function userEdits(plugin: string): Promise<void> {
  await writeFile(
    join(plugin, 'src/tasks.ts'),
    (await readFile(join(plugin, 'src/tasks.ts'), 'utf8')) + NEW_OPERATION,
  );
  await edit(
    join(plugin, 'README.md'),
    'Runtime properties are saved after every operation, even one that throws',
    'Runtime properties (my note: in this plugin, webroot and pid) are saved after every operation, even one that throws',
  );
  await editJson(join(plugin, 'package.json'), (json) => {
    json['scripts'] = { ...json['scripts'], e2e: 'node --test e2e/' };
    json['dependencies'] = { ...json['dependencies'], yaml: '^2.9.1' };
  });
  await rm(join(plugin, '.github/workflows/ci.yml'));
  await edit(join(plugin, 'plugin.yaml'), 'retry_interval: 2', 'retry_interval: 5');
}

/** Every file (outside .git) with its content, the index, the refs and the status: what "writes nothing" means. */
async function snapshot(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const path of await listFiles(dir)) {
    if (path.startsWith('.git/')) continue;
    hash
      .update(`${path}\0`)
      .update(await readFile(join(dir, path)))
      .update('\0');
  }
  for (const args of [['ls-files', '--stage'], ['for-each-ref'], ['status', '--porcelain']]) {
    hash.update(await git(dir, ...args));
  }
  return hash.digest('hex');
}

function countMarkers(text: string): number {
  return (text.match(/^<<<<<<< your version$/gm) ?? []).length;
}

describe('updating a generated plugin', () => {
  // That an updated plugin still installs and passes its own tests is e2e.test.ts's part.
  test('with changed answers and a changed template: user edits survive, template changes arrive, one conflict', async (t) => {
    const work = await tempDir(t, 'cloudify-plugin-update-');
    // Nothing installs it here: the spec only has to reach package.json and stay there.
    const tarball = join(work, 'cloudify-plugin-sdk-0.1.0.tgz');
    const env = plainEnv(GIT_IDENTITY);
    const generated = await runCreate(['update-web', '--sdk', tarball, '--yes', '--skip-install'], {
      cwd: work,
      env,
    });
    assertSucceeded('create-cloudify-plugin', generated);
    const plugin = join(work, 'update-web');
    assert.match(await git(plugin, 'for-each-ref'), /commit\trefs\/cloudify-plugin\/base\n/);

    await userEdits(plugin);
    await git(plugin, 'add', '--all');
    await git(plugin, 'commit', '--quiet', '--message', 'My edits');

    const templates = await changedTemplates(work);
    const updateEnv = { ...env, [TEMPLATES_DIR_ENV]: templates };
    const answers = ['--description', 'Serves static pages, updated', '--port', '9191', '--skip-install'];
    const update = (...flags: string[]) => runCreate([...answers, ...flags], { cwd: plugin, env: updateEnv });

    // A dirty tree is refused, naming what is dirty; nothing is touched.
    await writeFile(join(plugin, 'notes.txt'), 'not committed\n');
    const dirtyBefore = await snapshot(plugin);
    const refused = await update();
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /has uncommitted changes: notes\.txt\.\n.*--allow-dirty/);
    assert.equal(await snapshot(plugin), dirtyBefore);
    await rm(join(plugin, 'notes.txt'));

    // --check: an update is available (exit 2); --dry-run lists it file by file; both write nothing.
    const before = await snapshot(plugin);
    const check = await update('--check');
    assert.equal(check.code, 2, `${check.stdout}\n${check.stderr}`);
    assert.match(check.stderr, /An update is available/);
    const dryRun = await update('--dry-run');
    assertSucceeded('--dry-run', dryRun);
    for (const line of [
      /^ {2}added +\.nvmrc +\+1$/m,
      /^ {2}removed +\.editorconfig +-\d+$/m,
      /^ {2}deleted-by-you +\.github\/workflows\/ci\.yml +stays deleted/m,
      /^ {2}merged +package\.json +\+\d+ -\d+$/m,
      /^ {2}conflict +plugin\.yaml +\+\d+ -\d+$/m,
      /^ {2}merged +src\/tasks\.ts +\+1 -1$/m,
      /^ {2}updated +test\/blueprint\/blueprint\.yaml +\+2 -2$/m,
    ]) {
      assert.match(dryRun.stderr, line);
    }
    assert.match(dryRun.stderr, /^Conflicts \(1\) would be left in these files.*\n {2}plugin\.yaml$/m);
    assert.equal(await snapshot(plugin), before, '--check and --dry-run write nothing');

    // The update: exit 1 for the one conflict, listed at the end.
    const applied = await update();
    assert.equal(applied.code, 1, `${applied.stdout}\n${applied.stderr}`);
    assert.match(applied.stderr, /^Conflicts \(1\) are left in these files.*\n {2}plugin\.yaml$/m);
    assert.match(applied.stderr, /The update left 1 conflict \(listed above\): resolve it, then commit\./);
    const read = (path: string) => readFile(join(plugin, path), 'utf8');

    // Every user edit survived…
    const tasks = await read('src/tasks.ts');
    assert.ok(tasks.endsWith(NEW_OPERATION), 'the new operation');
    const readme = await read('README.md');
    assert.match(readme, /Runtime properties \(my note: in this plugin, webroot and pid\)/);
    const manifest = await readJson(join(plugin, 'package.json'));
    assert.equal(manifest['scripts']?.['e2e'], 'node --test e2e/');
    assert.equal(manifest['dependencies']?.['yaml'], '^2.9.1');
    assert.equal(existsSync(join(plugin, '.github/workflows/ci.yml')), false, 'a deleted file stays deleted');
    // …and every template change and changed answer arrived.
    assert.match(tasks, /^ \* Stops the static web server that start launched/m);
    assert.match(readme, /22 is recommended \(see `\.nvmrc`\)/);
    assert.match(readme, /^Serves static pages, updated$/m);
    assert.match(readme, /\(default 9191\)/);
    assert.equal(manifest['description'], 'Serves static pages, updated');
    assert.equal(manifest['scripts']?.['check'], 'npm run lint && npm run typecheck && npm test');
    assert.deepEqual(manifest['keywords'], ['cloudify', 'cloudify-plugin']);
    assert.equal(
      manifest['dependencies']?.['cloudify-plugin-sdk'],
      `file:${tarball}`,
      'the --sdk spec is kept',
    );
    assert.equal(
      (await readJson(join(plugin, 'tsconfig.json')))['compilerOptions']?.['noImplicitReturns'],
      true,
    );
    assert.equal(await read('.nvmrc'), '22\n');
    assert.equal(existsSync(join(plugin, '.editorconfig')), false, 'dropped by the template, never changed');
    assert.match(await read('test/blueprint/blueprint.yaml'), /default: 9191/);

    // Exactly one conflict, with markers, and in the index as stages 1/2/3.
    const pluginYaml = await read('plugin.yaml');
    assert.match(
      pluginYaml,
      /<<<<<<< your version\n {10}retry_interval: 5\n=======\n {10}retry_interval: 3\n>>>>>>> new template\n/,
    );
    assert.match(pluginYaml, /default: 9191/);
    let markers = 0;
    for (const path of await listFiles(plugin)) {
      if (!path.startsWith('.git/')) markers += countMarkers(await read(path));
    }
    assert.equal(markers, 1);
    const stages = (await git(plugin, 'ls-files', '--unmerged')).trim().split('\n');
    assert.deepEqual(
      stages.map((line) => line.replace(/^(\d+) [0-9a-f]{40} (\d)\t/, '$1 $2 ')),
      ['100644 1 plugin.yaml', '100644 2 plugin.yaml', '100644 3 plugin.yaml'],
    );
    assert.match(await git(plugin, 'show', ':2:plugin.yaml'), /retry_interval: 5/);
    assert.match(await git(plugin, 'show', ':3:plugin.yaml'), /retry_interval: 3/);

    // .yo-rc.json records the new answers and the new render.
    const record = (await readJson(join(plugin, '.yo-rc.json')))[YO_KEY] ?? {};
    assert.equal(record['port'], 9191);
    const files = record['files'] as Record<string, string>;
    assert.ok(files['.nvmrc'] && files['.github/workflows/ci.yml'] && !files['.editorconfig']);

    // Resolve (keep mine), commit: no update is left; the plugin still passes its own tests.
    await writeFile(
      join(plugin, 'plugin.yaml'),
      pluginYaml.replace(/<<<<<<< your version\n(.*\n)=======\n.*\n>>>>>>> new template\n/, '$1'),
    );
    await git(plugin, 'add', '--all');
    await git(plugin, 'commit', '--quiet', '--message', 'Update from the template');
    const recheck = await update('--check');
    assert.equal(recheck.code, 0, `${recheck.stdout}\n${recheck.stderr}`);
    assert.match(recheck.stderr, /Up to date/);
  });

  test('a plugin generated before update mode (no manifest, no base in git) updates cleanly', async (t) => {
    const work = await tempDir(t, 'cloudify-plugin-legacy-');
    const env = plainEnv(GIT_IDENTITY);
    assertSucceeded(
      'create-cloudify-plugin',
      await runCreate(['legacy-web', '--yes', '--skip-install', '--no-git'], { cwd: work, env }),
    );
    const plugin = join(work, 'legacy-web');
    // What the generator wrote before this feature: answers and template version, no manifest.
    await editJson(join(plugin, '.yo-rc.json'), (json) => {
      delete json[YO_KEY]?.['files'];
    });
    await git(plugin, 'init', '--quiet');
    await git(plugin, 'add', '--all');
    await git(plugin, 'commit', '--quiet', '--message', 'Initial commit from create-cloudify-plugin');
    await userEdits(plugin);
    await git(plugin, 'add', '--all');
    await git(plugin, 'commit', '--quiet', '--message', 'My edits');

    const updated = await runCreate(
      ['--description', 'Legacy, updated', '--license', 'MIT', '--skip-install'],
      {
        cwd: plugin,
        env,
      },
    );
    assertSucceeded('update', updated);
    assert.match(updated.stderr, /records no manifest \(generated before update mode\)/);
    assert.match(updated.stderr, /^ {2}merged +README\.md +\+2 -2 +base unknown/m);
    assert.match(updated.stderr, /^ {2}updated +LICENSE /m);
    const read = (path: string) => readFile(join(plugin, path), 'utf8');
    assert.ok((await read('src/tasks.ts')).endsWith(NEW_OPERATION));
    assert.match(await read('README.md'), /^Legacy, updated$/m);
    assert.match(await read('README.md'), /Runtime properties \(my note: in this plugin, webroot and pid\)/);
    assert.match(await read('LICENSE'), /^MIT License/);
    assert.match(await read('plugin.yaml'), /retry_interval: 5/);
    const manifest = await readJson(join(plugin, 'package.json'));
    assert.deepEqual([manifest['license'], manifest['scripts']?.['e2e']], ['MIT', 'node --test e2e/']);
    assert.equal(existsSync(join(plugin, '.github/workflows/ci.yml')), false, 'a deleted file stays deleted');
    assert.doesNotMatch(await git(plugin, 'diff'), /<<<<<<</);
    // From now on the plugin has a manifest and a base in git, and nothing is left to update.
    assert.ok((await readJson(join(plugin, '.yo-rc.json')))[YO_KEY]?.['files']);
    assert.match(await git(plugin, 'for-each-ref'), /refs\/cloudify-plugin\/base/);
    const check = await runCreate(['--check'], { cwd: plugin, env });
    assert.equal(check.code, 0, check.stderr);
  });

  test('--update and --check outside a generated plugin are usage errors, and nothing is written', async (t) => {
    const cwd = await tempDir(t);
    for (const args of [['--update'], ['--check'], ['--update', '--name', 'web', '--yes']]) {
      const result = await runCreate(args, { cwd, env: plainEnv() });
      assert.equal(result.code, 2, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(`^${args[0]} needs a generated plugin, and .* holds no \\.yo-rc\\.json`, 'm'),
      );
    }
    assert.deepEqual(await listFiles(cwd), []);
  });
});
