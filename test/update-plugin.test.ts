// updatePlugin() as a library call: plugins generated in-process (outside git), then updated from a
// modified copy of templates/plugin or with a render of their own.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { renderRecord } from '../generators/lib/render.js';
import { updatePlugin, type NewRecord, type RenderFunction } from '../generators/lib/update/update-plugin.js';
import {
  generate,
  git,
  record as storedRecord,
  runGenerator,
  tempDir,
  TEMPLATES_DIR,
  YO_KEY,
} from './helpers.js';

/** The record of the last generation, as the next update starts from it. */
async function lastRecord(dir: string): Promise<NewRecord> {
  const { files: _files, ...record } = await storedRecord(dir);
  return record as unknown as NewRecord;
}

/** A copy of templates/plugin, changed by `change`. */
async function templatesCopy(t: TestContext, change: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(await tempDir(t, 'cloudify-plugin-templates-'), 'plugin');
  await cp(TEMPLATES_DIR, dir, { recursive: true });
  await change(dir);
  return dir;
}

async function replaceIn(path: string, from: string, to: string): Promise<void> {
  const content = await readFile(path, 'utf8');
  assert.ok(content.includes(from), `${path} lacks ${from}`);
  await writeFile(path, content.replace(from, to));
}

const outcomes = (report: Awaited<ReturnType<typeof updatePlugin>>) =>
  Object.fromEntries(report.files.filter((f) => f.outcome !== 'unchanged').map((f) => [f.path, f.outcome]));

describe('updatePlugin', () => {
  test('outside git: conflicts get markers but no index stages; other sections of .yo-rc.json stay', async (t) => {
    const dir = await generate(t, 'plain-web');
    // The user's port default overlaps the changed --port answer.
    await replaceIn(join(dir, 'plugin.yaml'), 'default: 8080', 'default: 9000');
    const yoRc = JSON.parse(await readFile(join(dir, '.yo-rc.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, '.yo-rc.json'), JSON.stringify({ 'generator-other': { keep: 1 }, ...yoRc }));

    const record = await lastRecord(dir);
    const report = await updatePlugin({
      dir,
      record: { ...record, port: 8181 },
      templatesDir: TEMPLATES_DIR,
    });
    assert.deepEqual(outcomes(report), {
      '.yo-rc.json': 'updated',
      'README.md': 'updated',
      'plugin.yaml': 'conflict',
      'test/blueprint/blueprint.yaml': 'updated',
    });
    assert.deepEqual([report.applied, report.conflicts, report.stagesSet], [true, ['plugin.yaml'], false]);
    assert.match(
      await readFile(join(dir, 'plugin.yaml'), 'utf8'),
      /<<<<<<< your version\n.*default: 9000\n=======\n.*default: 8181\n>>>>>>> new template/,
    );
    assert.equal(existsSync(join(dir, '.git')), false);
    const after = JSON.parse(await readFile(join(dir, '.yo-rc.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(after['generator-other'], { keep: 1 });
    assert.equal((after[YO_KEY] as Record<string, unknown>)['port'], 8181);

    const again = await updatePlugin({
      dir,
      record: await lastRecord(dir),
      templatesDir: TEMPLATES_DIR,
      mode: 'check',
    });
    assert.equal(again.changed, false, 'the conflicted file is yours now: nothing more to update');
  });

  test('outside git, with the templates changed since: the lost base makes a two-way merge, nothing is dropped', async (t) => {
    const dir = await generate(t, 'lost-web');
    await replaceIn(join(dir, 'plugin.yaml'), 'retry_interval: 2', 'retry_interval: 5');
    const templatesDir = await templatesCopy(t, async (copy) => {
      await replaceIn(join(copy, 'plugin.yaml'), 'retry_interval: 2', 'retry_interval: 3');
      await replaceIn(join(copy, 'README.md'), '## Develop', '## Develop and test');
    });
    const report = await updatePlugin({ dir, record: await lastRecord(dir), templatesDir });
    // README.md was never edited: its blob id matches the recorded one, so it is updated.
    assert.deepEqual(outcomes(report), {
      '.yo-rc.json': 'updated',
      'README.md': 'updated',
      'plugin.yaml': 'conflict',
    });
    assert.match(report.files.find((file) => file.path === 'plugin.yaml')?.note ?? '', /base lost/);
    assert.match(
      await readFile(join(dir, 'plugin.yaml'), 'utf8'),
      /<<<<<<< your version\n.*retry_interval: 5\n=======\n.*retry_interval: 3\n>>>>>>> new template/,
    );
  });

  test('a file you deleted stays deleted; restore brings it back', async (t) => {
    const dir = await generate(t, 'deleting-web');
    await rm(join(dir, 'README.md'));
    const record = { ...(await lastRecord(dir)), description: 'Changed' };
    const dryRun = await updatePlugin({ dir, record, templatesDir: TEMPLATES_DIR, mode: 'dry-run' });
    assert.equal(outcomes(dryRun)['README.md'], 'deleted-by-you');
    assert.equal(dryRun.applied, false);
    assert.equal(existsSync(join(dir, 'README.md')), false);
    assert.equal(
      (await storedRecord(dir))['description'],
      'A Cloudify plugin written in TypeScript',
      'dry run',
    );

    const restored = await updatePlugin({ dir, record, templatesDir: TEMPLATES_DIR, restore: true });
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    assert.deepEqual(
      restored.files.find((file) => file.path === 'README.md'),
      {
        path: 'README.md',
        outcome: 'added',
        note: 'restored',
        added: readme.split('\n').length - 1,
        removed: 0,
      },
    );
    assert.match(readme, /^Changed$/m);
  });

  test('a file the template dropped is removed if untouched, kept and reported if changed', async (t) => {
    const dir = await generate(t, 'dropping-web');
    await writeFile(
      join(dir, '.prettierignore'),
      `${await readFile(join(dir, '.prettierignore'), 'utf8')}coverage/\n`,
    );
    const templatesDir = await templatesCopy(t, async (copy) => {
      await rm(join(copy, '.editorconfig'));
      await rm(join(copy, '.prettierignore'));
    });
    const report = await updatePlugin({ dir, record: await lastRecord(dir), templatesDir });
    assert.deepEqual(outcomes(report), {
      '.editorconfig': 'removed',
      '.prettierignore': 'kept',
      '.yo-rc.json': 'updated',
    });
    assert.match(
      report.files.find((file) => file.path === '.prettierignore')?.note ?? '',
      /you changed it: it stays/,
    );
    assert.equal(existsSync(join(dir, '.editorconfig')), false);
    assert.match(await readFile(join(dir, '.prettierignore'), 'utf8'), /coverage\/\n$/);
    const files = (await storedRecord(dir))['files'] as Record<string, string>;
    assert.ok(!('.editorconfig' in files) && !('.prettierignore' in files));
  });

  test('a new template file where you have one of your own: identical is fine, different conflicts', async (t) => {
    const dir = await generate(t, 'colliding-web');
    await mkdir(join(dir, 'docs'));
    await writeFile(join(dir, 'docs', 'same.md'), '# Same\n');
    await writeFile(join(dir, 'docs', 'mine.md'), '# Mine\n\nMy notes.\n');
    const templatesDir = await templatesCopy(t, async (copy) => {
      await mkdir(join(copy, 'docs'));
      await writeFile(join(copy, 'docs', 'same.md'), '# Same\n');
      await writeFile(join(copy, 'docs', 'mine.md'), '# Mine\n\nThe template notes.\n');
    });
    const report = await updatePlugin({ dir, record: await lastRecord(dir), templatesDir, mode: 'dry-run' });
    assert.equal(outcomes(report)['docs/mine.md'], 'conflict');
    assert.equal(
      report.files.find((file) => file.path === 'docs/mine.md')?.note,
      'you already had a file here',
    );
    assert.equal(outcomes(report)['docs/same.md'], undefined, 'unchanged');
    assert.equal(await readFile(join(dir, 'docs', 'mine.md'), 'utf8'), '# Mine\n\nMy notes.\n', 'dry run');
  });

  test('a render of its own adds and drops files, following keys of its own in the record', async (t) => {
    const dir = await generate(t, 'extended-web');
    // One file per entry of a record key the generator does not know.
    const render: RenderFunction = async (templatesDir, record) => {
      const files = await renderRecord(templatesDir, record);
      const extras = Array.isArray(record['extras']) ? (record['extras'] as string[]) : [];
      for (const name of extras) files.set(`src/extras/${name}.ts`, `export const ${name} = 1;\n`);
      return files;
    };
    const base = await lastRecord(dir);
    const added = await updatePlugin({
      dir,
      record: { ...base, extras: ['restart'] },
      templatesDir: TEMPLATES_DIR,
      render,
    });
    assert.deepEqual(outcomes(added), { '.yo-rc.json': 'updated', 'src/extras/restart.ts': 'added' });
    assert.deepEqual((await storedRecord(dir))['extras'], ['restart']);

    const dropped = await updatePlugin({
      dir,
      record: { ...base, extras: [] },
      templatesDir: TEMPLATES_DIR,
      render,
    });
    assert.deepEqual(outcomes(dropped), { '.yo-rc.json': 'updated', 'src/extras/restart.ts': 'removed' });
    assert.equal(existsSync(join(dir, 'src', 'extras')), false, 'the emptied folder goes too');
  });

  test('in a folder of a larger repository: index stages and the base ref belong to that folder', async (t) => {
    const repo = await tempDir(t);
    await git(repo, 'init', '--quiet');
    await runGenerator(t)
      .cd(repo)
      .withArguments(['plugins/web'])
      .withOptions({ yes: true, skipInstall: true, force: false } as never);
    assert.match(await git(repo, 'for-each-ref'), /commit\trefs\/cloudify-plugin\/base-of\/plugins\/web\n/);
    const dir = join(repo, 'plugins', 'web');
    await replaceIn(join(dir, 'plugin.yaml'), 'default: 8080', 'default: 9000');
    await git(repo, 'add', '--all');
    await git(repo, 'commit', '--quiet', '--message', 'Generated, then edited');

    const report = await updatePlugin({
      dir,
      record: { ...(await lastRecord(dir)), port: 8181 },
      templatesDir: TEMPLATES_DIR,
    });
    assert.deepEqual([report.conflicts, report.stagesSet], [['plugin.yaml'], true]);
    const unmerged = await git(repo, 'ls-files', '--unmerged');
    assert.deepEqual(
      unmerged
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/).slice(2).join(' ')),
      ['1 plugins/web/plugin.yaml', '2 plugins/web/plugin.yaml', '3 plugins/web/plugin.yaml'],
    );
    assert.match(await git(repo, 'show', ':1:plugins/web/plugin.yaml'), /default: 8080/);
    assert.match(await git(repo, 'show', ':3:plugins/web/plugin.yaml'), /default: 8181/);
    // The base ref now holds the new render, on top of the first one.
    const renders = await git(repo, 'log', '--format=%s', 'refs/cloudify-plugin/base-of/plugins/web');
    assert.equal(renders.trim().split('\n').length, 2);
  });
});
