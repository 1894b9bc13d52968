import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { generatePluginTypes } from 'cloudify-plugin-sdk/typegen';
import * as prettier from 'prettier';
import { parse as parseYaml } from 'yaml';
import type { Answers } from '../generators/lib/answers.js';
import { escapeMarkdown } from '../generators/lib/placeholders.js';
import { pluginPrettierOptions, renderPlugin, type RenderedFiles } from '../generators/lib/render.js';
import { tempDir, TEMPLATES_DIR } from './helpers.js';

const HOSTILE_DESCRIPTION = [
  "He said \"hi\", it's 'quoted'; C:\\path\\n is no newline \\ end",
  '<% evil %> <%= x %> <script>alert(1)</script> & &amp;',
  'key: value # not a comment',
  '- not a list',
  '# not a heading',
  '1. not an item',
  'Ünïcödé — 日本語 🚀 ${name} ${{ matrix.os }} `code` *bold* _em_ [link](http://x) | pipe',
].join('\n');
const HOSTILE_AUTHOR = 'Zoë "Z" O\'Brien <zoe@example.com> <% x %> : # \\ \nsecond line';

const BASE: Answers = {
  name: 'web-plugin',
  description: 'A plugin',
  author: 'Jane Doe <jane@example.com>',
  license: 'Apache-2.0',
  nodeType: 'web_plugin.nodes.WebServer',
  port: 8080,
  packageManager: 'npm',
};

function render(answers: Partial<Answers> = {}, sdkSpec = '^0.1.0'): Promise<RenderedFiles> {
  return renderPlugin({
    templatesDir: TEMPLATES_DIR,
    answers: { ...BASE, ...answers },
    sdkSpec,
    copyrightYear: 2030,
  });
}

function file(files: RenderedFiles, path: string): string {
  const content = files.get(path);
  assert.ok(content !== undefined, `${path} was not rendered`);
  return content;
}

describe('renderPlugin', () => {
  test('quotes, backslashes, <%, ": #", newlines and non-ASCII give valid package.json, YAML, README, LICENSE', async () => {
    const files = await render({ description: HOSTILE_DESCRIPTION, author: HOSTILE_AUTHOR, license: 'MIT' });

    const manifest = JSON.parse(file(files, 'package.json')) as { description: string; author: string };
    assert.equal(manifest.description, HOSTILE_DESCRIPTION);
    assert.equal(manifest.author, HOSTILE_AUTHOR);

    const blueprint = parseYaml(file(files, 'test/blueprint/blueprint.yaml')) as { description: string };
    assert.equal(blueprint.description, HOSTILE_DESCRIPTION);
    const plugin = parseYaml(file(files, 'plugin.yaml')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(plugin), ['node_types'], 'the description stays inside the header comment');
    assert.match(file(files, 'plugin.yaml'), /^# web-plugin: "He said \\"hi\\"/);

    const readme = file(files, 'README.md');
    assert.match(readme, /^# web-plugin\n\nHe said "hi"/);
    for (const raw of ['<% evil %>', '<script>', '*bold*', '_em_', '[link](http://x)']) {
      assert.ok(!readme.includes(raw), `README carries ${raw} as markup`);
    }
    for (const line of ['\\- not a list', '\\# not a heading', '1\\. not an item']) {
      assert.ok(readme.includes(line), `README lacks ${line}`);
    }
    assert.ok(readme.includes('Ünïcödé — 日本語 🚀'));
    assert.ok(readme.includes('\\<script\\>alert(1)\\</script\\>'));

    assert.ok(file(files, 'LICENSE').includes(`Copyright (c) 2030 ${HOSTILE_AUTHOR}`));
  });

  test('every rendered file is already formatted the way the plugin checks it', async () => {
    const files = await render({ description: HOSTILE_DESCRIPTION, author: HOSTILE_AUTHOR });
    const options = await pluginPrettierOptions(TEMPLATES_DIR);
    for (const [path, content] of files) {
      const { inferredParser } = await prettier.getFileInfo(path);
      if (inferredParser) assert.ok(await prettier.check(content, { ...options, filepath: path }), path);
    }
  });

  test('is pure: the same input gives the same files', async () => {
    const [first, second] = await Promise.all([render(), render()]);
    assert.deepEqual([...first], [...second]);
  });

  test('fills every placeholder of the YAML, Markdown and LICENSE files', async () => {
    const files = await render({ packageManager: 'yarn' });
    for (const [path, content] of files) {
      if (/\.(ya?ml|md)$|^LICENSE$/.test(path)) assert.doesNotMatch(content, /\$\{\w+\}/, path);
    }
    assert.match(file(files, '.github/workflows/ci.yml'), /run: yarn install --immutable/);
    assert.match(file(files, 'README.md'), /\| `yarn run test` +\|/);
  });

  test('copies TypeScript as it is, but for its __placeholders__ (`${…}` stays code)', async () => {
    const files = await render();
    for (const path of [
      'src/webserver.ts',
      'src/main.ts',
      'src/operations/start.ts',
      'test/workflow.test.ts',
    ]) {
      assert.equal(file(files, path), await readFile(join(TEMPLATES_DIR, path), 'utf8'), path);
    }
    assert.match(file(files, 'src/operations/start.ts'), /`http:\/\/localhost:\$\{port\}\/`/);
    assert.match(file(files, 'src/webserver-node.ts'), /NodeTypes\['web_plugin\.nodes\.WebServer'\]/);
    assert.match(file(files, 'src/plugin-types.ts'), /^export type WebServerProperties = \{$/m);
  });

  test("src/plugin-types.ts is what the SDK's `cloudify-plugin types` derives from the rendered plugin.yaml", async (t) => {
    const dir = await tempDir(t);
    const options = await pluginPrettierOptions(TEMPLATES_DIR);
    const cases: Partial<Answers>[] = [
      {},
      { nodeType: 'acme.nodes.http_server', port: 9090 },
      { nodeType: 'x.nodes.Record', port: 1 },
      { nodeType: 'acme.NodeTypes', port: 65535 },
    ];
    for (const answers of cases) {
      const files = await render(answers);
      await mkdir(join(dir, 'src'), { recursive: true });
      await writeFile(join(dir, 'plugin.yaml'), file(files, 'plugin.yaml'));
      const derived = await generatePluginTypes({ cwd: dir });
      const expected = await prettier.format(derived.content, {
        ...options,
        filepath: 'src/plugin-types.ts',
      });
      assert.equal(file(files, 'src/plugin-types.ts'), expected, JSON.stringify(answers));
    }
  });

  test('writes the license text the answer names', async () => {
    const apache = await render({ license: 'Apache-2.0', author: '' });
    assert.match(file(apache, 'LICENSE'), /^ +Apache License\n +Version 2\.0, January 2004/);
    assert.match(file(apache, 'LICENSE'), /Copyright 2030 The web-plugin authors/);
    assert.equal((JSON.parse(file(apache, 'package.json')) as { author?: string }).author, undefined);

    const mit = await render({ license: 'MIT' });
    assert.match(file(mit, 'LICENSE'), /^MIT License\n\nCopyright \(c\) 2030 Jane Doe <jane@example\.com>\n/);

    const other = await render({ license: 'BSD-3-Clause OR MIT' });
    assert.match(file(other, 'LICENSE'), /licensed under BSD-3-Clause OR MIT/);
    assert.equal(
      (JSON.parse(file(other, 'package.json')) as { license: string }).license,
      'BSD-3-Clause OR MIT',
    );
    assert.ok(
      ![...other.keys()].some((path) => path.startsWith('LICENSE.')),
      'no license variant is emitted',
    );
  });

  test('stores dotfiles that npm would drop without the dot, and emits them with it', async () => {
    const files = await render();
    assert.ok(files.has('.gitignore'));
    assert.ok(!files.has('gitignore'));
  });
});

describe('escapeMarkdown', () => {
  test('neutralises markup and block starts, line by line', () => {
    assert.equal(
      escapeMarkdown('a *b* <c>\n- d\n  # e\n\n\n\n3) f'),
      'a \\*b\\* \\<c\\>\n\\- d\n\\# e\n\n3\\) f',
    );
  });
});
