// The pieces of update mode's merge, one by one: blob ids, the JSON and text merges, and the
// decision taken for each file.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeFile } from '../generators/lib/update/file-merge.js';
import { mergeJson } from '../generators/lib/update/json-merge.js';
import { gitBlobId, manifestOf } from '../generators/lib/update/manifest.js';
import { planFile, type FileInputs } from '../generators/lib/update/plan-file.js';
import { mergeText } from '../generators/lib/update/text-merge.js';
import { runProcess, tempDir } from './helpers.js';

describe('blob ids', () => {
  test('are what git hash-object prints, for any text', async (t) => {
    const cwd = await tempDir(t);
    for (const content of ['', 'one line\n', 'no newline', 'ünïcödé — “quotes”\n']) {
      const hashed = await runProcess('git', ['hash-object', '--stdin'], { cwd, input: content });
      assert.equal(gitBlobId(content), hashed.stdout.trim(), JSON.stringify(content));
    }
    assert.deepEqual(
      Object.keys(
        manifestOf(
          new Map([
            ['b', '1'],
            ['a', '2'],
          ]),
        ),
      ),
      ['a', 'b'],
    );
  });
});

describe('the JSON merge', () => {
  const base = {
    name: 'web',
    scripts: { build: 'tsc', test: 'node --test' },
    dependencies: { sdk: '^0.1.0' },
    devDependencies: { typescript: '~6.0.3', eslint: '^10.0.0' },
  };

  test('keeps the keys, scripts and dependencies the user added, and takes the template changes', () => {
    const ours = {
      name: 'web',
      scripts: { build: 'tsc', test: 'node --test', e2e: 'node e2e.js' },
      dependencies: { sdk: '^0.1.0', yaml: '^2.0.0' },
      devDependencies: { typescript: '~6.0.3', eslint: '^10.0.0' },
      mine: true,
    };
    const theirs = {
      name: 'web',
      scripts: { build: 'tsc', test: 'node --test', coverage: 'c8' },
      dependencies: { sdk: '^0.2.0' },
      devDependencies: { typescript: '~6.0.4', eslint: '^10.0.0' },
    };
    const merged = mergeJson(ours, base, theirs);
    assert.ok(merged.ok);
    assert.deepEqual(merged.value, {
      name: 'web',
      scripts: { build: 'tsc', test: 'node --test', coverage: 'c8', e2e: 'node e2e.js' },
      dependencies: { sdk: '^0.2.0', yaml: '^2.0.0' },
      devDependencies: { typescript: '~6.0.4', eslint: '^10.0.0' },
      mine: true,
    });
    // A key the template adds goes right after the key it follows in the template.
    assert.deepEqual(Object.keys((merged.value as typeof ours).scripts), [
      'build',
      'test',
      'coverage',
      'e2e',
    ]);
  });

  test('a key the user removed stays removed; one the template removed goes, unless the user changed it', () => {
    // The user removed dependencies (the template bumped it) and changed build (the template dropped it).
    const ours = { name: 'web', scripts: { build: 'tsc --pretty', test: 'node --test' } };
    const theirs = {
      name: 'web',
      scripts: { test: 'node --test' },
      dependencies: { sdk: '^0.2.0' },
      devDependencies: base.devDependencies,
    };
    assert.deepEqual(mergeJson(ours, base, theirs), {
      ok: true,
      value: { name: 'web', scripts: { build: 'tsc --pretty', test: 'node --test' } },
    });
    const untouched = structuredClone(base);
    assert.deepEqual(mergeJson(untouched, base, theirs), { ok: true, value: theirs });
  });

  test('both sides changing one value differently is a conflict, named by its path', () => {
    const ours = { ...base, scripts: { ...base.scripts, test: 'vitest' } };
    const theirs = { ...base, scripts: { ...base.scripts, test: 'node --test --coverage' } };
    assert.deepEqual(mergeJson(ours, base, theirs), { ok: false, conflicts: ['$.scripts.test'] });
  });

  test('a JSON conflict falls back to the text merge, so it shows with markers', async () => {
    const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
    const ours = text({ ...base, scripts: { ...base.scripts, test: 'vitest' } });
    const theirs = text({ ...base, scripts: { ...base.scripts, test: 'node --test --coverage' } });
    const merged = await mergeFile('package.json', ours, text(base), theirs);
    assert.equal(merged.conflicts, 1);
    assert.match(
      merged.content,
      /<<<<<<< your version\n {4}"test": "vitest"\n=======\n {4}"test": "node --test --coverage"\n>>>>>>> new template\n/,
    );
  });
});

describe('the text merge', () => {
  const base = 'one\ntwo\nthree\nfour\nfive\n';

  test('changes to different lines merge cleanly', async () => {
    const merged = await mergeText('ONE\ntwo\nthree\nfour\nfive\n', base, 'one\ntwo\nthree\nfour\nFIVE\n');
    assert.deepEqual(merged, { content: 'ONE\ntwo\nthree\nfour\nFIVE\n', conflicts: 0 });
  });

  test('changes to the same line conflict, with markers that name both sides', async () => {
    const merged = await mergeText(
      'one\ntwo\n3 (mine)\nfour\nfive\n',
      base,
      'one\ntwo\n3 (template)\nfour\nfive\n',
    );
    assert.equal(merged.conflicts, 1);
    assert.equal(
      merged.content,
      'one\ntwo\n<<<<<<< your version\n3 (mine)\n=======\n3 (template)\n>>>>>>> new template\nfour\nfive\n',
    );
  });

  test('without a base, different files conflict as a whole', async () => {
    const merged = await mergeText('mine\n', undefined, 'template\n');
    assert.equal(merged.conflicts, 1);
    assert.match(merged.content, /^<<<<<<< your version\nmine\n=======\ntemplate\n>>>>>>> new template\n$/);
  });
});

describe('the decision for one file', () => {
  const identity = (_path: string, content: string) => Promise.resolve(content);
  const plan = (inputs: Partial<FileInputs>) =>
    planFile({
      path: 'notes.md',
      ours: { kind: 'missing' },
      theirs: undefined,
      base: undefined,
      previouslyRendered: true,
      restore: false,
      format: identity,
      ...inputs,
    });
  const file = (content: string) => ({ kind: 'file' as const, content });
  const base = (content: string) => ({ content, trust: 'recorded' as const });

  test('not changed by the user: replaced by the new render', async () => {
    assert.deepEqual(await plan({ ours: file('a\n'), base: base('a\n'), theirs: 'b\n' }), {
      path: 'notes.md',
      outcome: 'updated',
      before: 'a\n',
      after: 'b\n',
    });
  });

  test('not changed by the template: the user version is kept', async () => {
    const kept = await plan({ ours: file('mine\n'), base: base('a\n'), theirs: 'a\n' });
    assert.equal(kept?.outcome, 'kept');
    assert.equal(kept?.after, undefined, 'nothing is written');
  });

  test('deleted by the user: stays deleted, unless --restore', async () => {
    assert.equal((await plan({ base: base('a\n'), theirs: 'b\n' }))?.outcome, 'deleted-by-you');
    const restored = await plan({ base: base('a\n'), theirs: 'b\n', restore: true });
    assert.deepEqual([restored?.outcome, restored?.after], ['added', 'b\n']);
    // Not rendered last time: a new template file.
    assert.equal((await plan({ theirs: 'b\n', previouslyRendered: false }))?.outcome, 'added');
  });

  test('dropped by the template: removed if untouched, kept if the user changed it', async () => {
    assert.equal((await plan({ ours: file('a\n'), base: base('a\n') }))?.outcome, 'removed');
    const kept = await plan({ ours: file('mine\n'), base: base('a\n') });
    assert.equal(kept?.outcome, 'kept');
    assert.match(kept?.note ?? '', /no longer has this file, but you changed it/);
  });

  test('a base-unknown file is replaced only when identical to a fresh render of the recorded answers', async () => {
    const assumed = { content: 'a\n', trust: 'assumed' as const };
    assert.equal((await plan({ ours: file('a\n'), base: assumed, theirs: 'b\n' }))?.outcome, 'updated');
    const merged = await plan({ ours: file('x\na\n'), base: assumed, theirs: 'a\nb\n' });
    assert.deepEqual([merged?.outcome, merged?.after], ['merged', 'x\na\nb\n']);
    assert.match(merged?.note ?? '', /base unknown/);
    const conflict = await plan({ ours: file('mine\n'), base: assumed, theirs: 'b\n' });
    assert.deepEqual(conflict?.stages, { base: 'a\n', ours: 'mine\n', theirs: 'b\n' });
    // A fresh render known not to be the base only decides "untouched"; anything else is merged two-way.
    const lost = { content: 'a\n', trust: 'compare-only' as const };
    assert.equal((await plan({ ours: file('a\n'), base: lost, theirs: 'b\n' }))?.outcome, 'updated');
    const twoWay = await plan({ ours: file('x\na\n'), base: lost, theirs: 'a\n' });
    assert.deepEqual([twoWay?.outcome, twoWay?.stages?.base], ['conflict', undefined]);
    assert.match(twoWay?.note ?? '', /base lost/);
  });

  test('both changed: merged, and formatted; a merge that comes out as the user file is "kept"', async () => {
    const inputs = {
      ours: file('1\n2\n3\n4\nmine\n'),
      base: base('1\n2\n3\n4\n5\n'),
      theirs: '0\n1\n2\n3\n4\n5\n',
    };
    const merged = await plan({
      ...inputs,
      format: (_path, content) => Promise.resolve(`${content}// formatted\n`),
    });
    assert.deepEqual([merged?.outcome, merged?.after], ['merged', '0\n1\n2\n3\n4\nmine\n// formatted\n']);
    const same = await plan({ ...inputs, format: () => Promise.resolve('1\n2\n3\n4\nmine\n') });
    assert.equal(same?.outcome, 'kept');
  });
});
