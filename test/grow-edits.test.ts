// How the subgenerators' edits land in files a user wrote, and how a later update keeps them.
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { planNodeType } from '../generators/lib/grow/add-node-type.js';
import { planOperation } from '../generators/lib/grow/add-operation.js';
import { applyAddition } from '../generators/lib/grow/apply-addition.js';
import { checkOnlyAdds } from '../generators/lib/grow/line-additions.js';
import { findPlugin } from '../generators/lib/grow/plugin-folder.js';
import { updatePlugin, type NewRecord } from '../generators/lib/update/update-plugin.js';
import {
  TEMPLATES_ROOT,
  NODE_TYPE,
  addOperation,
  addNodeType,
  addRelationship,
  assertRefused,
  MAPPING,
  type PluginYaml,
} from './grow-helpers.js';
import {
  git,
  runGenerator,
  snapshotTree,
  tempDir,
  TEMPLATES_DIR,
  generate,
  read,
  record,
} from './helpers.js';

describe('editing plugin.yaml', () => {
  test("the user's comments, blank lines and quoting stay; what cannot be added without rewriting a line is refused", async (t) => {
    const dir = await generate(t);
    const custom = [
      '# My plugin, by hand.',
      '',
      'node_types:',
      '  grow_web.nodes.WebServer: # the one the generator made',
      '    derived_from: "cloudify.nodes.WebServer"',
      '',
      '    # I map one operation only.',
      '    interfaces:',
      '      cloudify.interfaces.lifecycle:',
      '        start:',
      "          implementation: 'script.script_runner.tasks.run'",
      '          inputs:',
      '            script_path: { default: plugins/grow-web/plugin.mjs }',
      '            process: { default: { command_prefix: node, args: [start] } } # flow style',
      '',
      '# The end.',
      '',
    ].join('\n');
    await writeFile(join(dir, 'plugin.yaml'), custom);
    await addOperation(dir, { name: 'configure' });
    const edited = await read(dir, 'plugin.yaml');
    assert.deepEqual(checkOnlyAdds(custom, edited), { ok: true, added: 9 });
    // The form of the existing mapping: its implementation, no executor.
    const plugin = parseYaml(edited) as PluginYaml;
    const { executor: _executor, ...withoutExecutor } = MAPPING('configure');
    assert.deepEqual(
      plugin.node_types[NODE_TYPE]?.interfaces?.['cloudify.interfaces.lifecycle']?.['configure'],
      withoutExecutor,
    );

    await writeFile(
      join(dir, 'plugin.yaml'),
      `node_types: { ${NODE_TYPE}: { derived_from: cloudify.nodes.Root } }\n`,
    );
    const plugin2 = findPlugin(dir);
    const planned = await planNodeType(plugin2, { name: 'Cache', properties: [], required: [] });
    await assertRefused(
      dir,
      () => applyAddition(plugin2, planned, { dryRun: false }),
      /^Could not add to plugin\.yaml without changing its line 1 \(node_types: .*\)\. Format plugin\.yaml with prettier/,
    );
    await writeFile(
      join(dir, 'plugin.yaml'),
      `${custom}<<<<<<< your version\nmine: 1\n=======\ntheirs: 1\n>>>>>>> new template\n`,
    );
    await assertRefused(
      dir,
      () => planOperation(findPlugin(dir), { name: 'backup' }, TEMPLATES_ROOT),
      /^plugin\.yaml:17: a merge conflict is left in plugin\.yaml: resolve it \(and commit\), then run this again\. Nothing was changed\.$/,
    );
    await writeFile(join(dir, 'plugin.yaml'), 'node_types:\n  - [\n');
    await assertRefused(
      dir,
      () => planOperation(findPlugin(dir), { name: 'backup' }, TEMPLATES_ROOT),
      /^plugin\.yaml:\d+:\d+: .+\nFix plugin\.yaml, then run this again\. Nothing was changed\.$/,
    );
  });
});

describe('a later update', () => {
  test('keeps what the subgenerators added: it is on your side of the merge', async (t) => {
    const repo = await tempDir(t);
    await git(repo, 'init', '--quiet');
    await runGenerator(t)
      .cd(repo)
      .withArguments(['grow-web'])
      .withOptions({ yes: true, skipInstall: true, force: false } as never);
    const dir = join(repo, 'grow-web');
    await git(repo, 'add', '--all');
    await git(repo, 'commit', '--quiet', '--message', 'Generated');
    await addOperation(dir, { name: 'configure' });
    await addNodeType(dir, { name: 'Database', properties: ['port:integer=5432'], required: [] });
    await addRelationship(dir, {
      name: 'ConnectedToDatabase',
      sourceOperations: ['establish'],
      targetOperations: [],
    });
    await git(repo, 'add', '--all');
    await git(repo, 'commit', '--quiet', '--message', 'Grown');
    const grown = await snapshotTree(dir);

    // The next template changes a file the operation subgenerator edited, and an answer changes.
    const templatesDir = join(await tempDir(t, 'cloudify-plugin-templates-'), 'plugin');
    await cp(TEMPLATES_DIR, templatesDir, { recursive: true });
    const index = join(templatesDir, 'src/tasks.ts');
    await writeFile(
      index,
      (await readFile(index, 'utf8')).replace("// The plugin's operations", "// All the plugin's operations"),
    );
    const { files: _files, ...last } = await record(dir);
    const report = await updatePlugin({
      dir,
      record: { ...(last as unknown as NewRecord), port: 8181 },
      templatesDir,
    });

    assert.deepEqual(report.conflicts, []);
    const outcomes = Object.fromEntries(
      report.files.filter((f) => f.outcome !== 'unchanged').map((f) => [f.path, f.outcome]),
    );
    assert.deepEqual(outcomes, {
      '.yo-rc.json': 'updated',
      'README.md': 'updated',
      'plugin.yaml': 'merged',
      'src/tasks.ts': 'merged',
      'test/blueprint/blueprint.yaml': 'merged',
    });
    const after = await snapshotTree(dir);
    for (const path of ['plugin.yaml', 'test/blueprint/blueprint.yaml', 'src/tasks.ts']) {
      const lost = (grown.get(path) ?? '')
        .split('\n')
        .filter((line) => !(after.get(path) ?? '').split('\n').includes(line));
      assert.ok(
        lost.every((line) => /8080|The plugin's operations/.test(line)),
        `${path} lost only what the update changed: ${lost.join(' | ')}`,
      );
    }
    assert.match(after.get('plugin.yaml') ?? '', /default: 8181/);
    assert.match(after.get('plugin.yaml') ?? '', /args: \[configure\]/);
    assert.match(after.get('plugin.yaml') ?? '', /grow_web\.relationships\.ConnectedToDatabase:/);
    assert.match(
      after.get('src/tasks.ts') ?? '',
      /^\/\/ All the plugin's operations[\s\S]*export { configure } from '\.\/operations\/configure\.js';/,
    );
    // Files only the subgenerators made, and the derived plugin-types.ts, are not the update's business.
    for (const path of ['src/operations/configure.ts', 'test/configure.test.ts', 'src/plugin-types.ts']) {
      assert.equal(after.get(path), grown.get(path), path);
    }
    const kept = await record(dir);
    assert.deepEqual(
      [kept['operations'], kept['nodeTypes'], kept['relationships']].map(
        (list) => (list as unknown[]).length,
      ),
      [1, 1, 1],
    );
    assert.equal(kept['port'], 8181);
  });
});
