// `cloudify-plugin types` as a real process, in a plugin folder: write, check, report.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pluginFolder, runPluginCli } from './helpers.js';

const OUT_OF_DATE =
  'cloudify-plugin: src/plugin-types.ts is out of date with plugin.yaml: ' +
  'run `npm run build` (or `cloudify-plugin types`)\n';

test('writes the file, leaves it alone when nothing changed, and --check follows plugin.yaml', async (t) => {
  const dir = pluginFolder(t, 'webserver');
  const out = join(dir, 'src', 'plugin-types.ts');

  const first = await runPluginCli(['types'], dir);
  assert.deepEqual(first, {
    code: 0,
    stdout: 'Wrote src/plugin-types.ts (1 node type from plugin.yaml)\n',
    stderr: '',
  });
  const written = readFileSync(out, 'utf8');
  assert.match(written, /export type WebServerProperties = \{/);
  const mtime = statSync(out).mtimeMs;

  const again = await runPluginCli(['types'], dir);
  assert.equal(again.stdout, 'src/plugin-types.ts is up to date (1 node type from plugin.yaml)\n');
  assert.equal(statSync(out).mtimeMs, mtime);

  const fresh = await runPluginCli(['types', '--check'], dir);
  assert.deepEqual(fresh, {
    code: 0,
    stdout: 'src/plugin-types.ts is up to date with plugin.yaml\n',
    stderr: '',
  });

  // Formatting is prettier's business: a reformatted file still has the right content.
  writeFileSync(out, written.replaceAll('  ', '    ').replaceAll('\n\n', '\n'));
  assert.equal((await runPluginCli(['types', '--check'], dir)).code, 0);

  const yaml = join(dir, 'plugin.yaml');
  writeFileSync(
    yaml,
    readFileSync(yaml, 'utf8').replace(
      '    properties:\n',
      '    properties:\n      name: { type: string }\n',
    ),
  );
  const stale = await runPluginCli(['types', '--check'], dir);
  assert.deepEqual(stale, { code: 1, stdout: '', stderr: OUT_OF_DATE });
  assert.equal(
    readFileSync(out, 'utf8'),
    written.replaceAll('  ', '    ').replaceAll('\n\n', '\n'),
    '--check writes nothing',
  );

  assert.equal((await runPluginCli(['types'], dir)).code, 0);
  assert.match(readFileSync(out, 'utf8'), /readonly name: string;/);
  assert.equal((await runPluginCli(['types', '--check'], dir)).code, 0);
});

test('--check without the file, and with other paths: the message names the command to run', async (t) => {
  const dir = pluginFolder(t, 'webserver');
  const missing = await runPluginCli(['types', '--check'], dir);
  assert.deepEqual(missing, {
    code: 1,
    stdout: '',
    stderr:
      'cloudify-plugin: src/plugin-types.ts does not exist: run `npm run build` (or `cloudify-plugin types`)\n',
  });

  mkdirSync(join(dir, 'yaml'));
  renameSync(join(dir, 'plugin.yaml'), join(dir, 'yaml', 'web.yaml'));
  const args = ['types', '--plugin-yaml', 'yaml/web.yaml', '--out', 'lib/types.ts'];
  assert.equal((await runPluginCli(args, dir)).code, 0);
  assert.match(
    readFileSync(join(dir, 'lib', 'types.ts'), 'utf8'),
    /^\/\/ Generated from \.\.\/yaml\/web\.yaml by/,
  );
  writeFileSync(join(dir, 'lib', 'types.ts'), '// edited by hand\n');
  const stale = await runPluginCli([...args, '--check'], dir);
  assert.equal(stale.code, 1);
  assert.equal(
    stale.stderr,
    'cloudify-plugin: lib/types.ts is out of date with yaml/web.yaml: run `npm run build` ' +
      '(or `cloudify-plugin types --plugin-yaml yaml/web.yaml --out lib/types.ts`)\n',
  );
});

test('plugin.yaml errors are printed file:line:col, exit 1, and nothing is written', async (t) => {
  const dir = pluginFolder(t, 'invalid');
  const result = await runPluginCli(['types'], dir);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(
    lines[0]!,
    /^plugin\.yaml:4:19: Missing definition for node type 'cloudify\.nodes\.SoftwareComponnt'/,
  );
  assert.match(lines[1]!, /^plugin\.yaml:8:7: Could not locate type 'integr'/);
  assert.equal(
    lines[2],
    'cloudify-plugin: plugin.yaml: 2 errors; fix them, then run `cloudify-plugin types` again',
  );
  assert.equal(existsSync(join(dir, 'src')), false);

  const noYaml = await runPluginCli(['types', '--plugin-yaml', 'missing.yaml'], dir);
  assert.equal(noYaml.code, 1);
  assert.match(
    noYaml.stderr,
    /missing\.yaml not found: run this in the plugin's root folder, or pass --plugin-yaml <file>/,
  );
});

test('an unknown option is a usage error (exit 2)', async (t) => {
  const dir = pluginFolder(t, 'webserver');
  const result = await runPluginCli(['types', '--chek'], dir);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /unknown option '--chek'/);
});
