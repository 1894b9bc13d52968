import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { generatePluginTypes } from 'cloudify-plugin-sdk/typegen';
import * as prettier from 'prettier';
import { parse as parseYaml } from 'yaml';
import type { Answers } from '../generators/lib/answers.js';
import { PACKAGE_MANAGERS } from '../generators/lib/package-manager.js';
import { escapeMarkdown, yamlString } from '../generators/lib/placeholders.js';
import { pluginPrettierOptions, renderPlugin, type RenderedFiles } from '../generators/lib/render.js';
import {
  checkNodeType,
  checkPluginName,
  defaultNodeType,
  MAX_TYPE_NAME_LENGTH,
} from '../generators/lib/validation.js';
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

/** Lines that Markdown, YAML or prettier could take for something else, each also tried alone. */
const TRICKY_LINES = [
  '> a quote',
  '***',
  '---',
  '===',
  '+ plus',
  '12345678901. a big number',
  '    four spaces: a code block?',
  '\ttab\tseparated\t\tcolumns  and   runs of spaces',
  'no\u00a0break\u00a0spaces and a zero\u200bwidth space',
  'snake_case_name __init__ a*b*c ~~strike~~ **bold** <b>html</b> <!-- comment -->',
  'http://example.com/a_b_c <http://x.y> www.example.com ![image](x.png) [ref][1]',
  '[1]: http://example.com',
  '| a | table | row |',
  '\\# escaped already \\',
  'trailing backslash \\',
  'a line separator \u2028 a bell \u0007 and DEL \u007f',
  'emoji 👩‍👩‍👧 and right-to-left שלום',
  "it's",
  'say "hi"',
  `both ' and "`,
  'x'.repeat(3000),
];

/** The longest name npm takes: 214 characters. */
const LONGEST_NAME = `${'my-plugin.'.repeat(22).slice(0, 213)}z`;
const LONGEST_TYPE_NAME = `acme.nodes.${'Y'.repeat(MAX_TYPE_NAME_LENGTH)}`;

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
    assert.match(file(files, 'README.md'), /`yarn install`; `yarn run <name>` runs each of these scripts/);
  });

  test('copies TypeScript as it is, but for its __placeholders__ (`${…}` stays code)', async () => {
    const files = await render();
    for (const path of ['src/webserver.ts', 'src/main.ts', 'src/tasks.ts', 'test/workflow.test.ts']) {
      assert.equal(file(files, path), await readFile(join(TEMPLATES_DIR, path), 'utf8'), path);
    }
    assert.match(file(files, 'src/tasks.ts'), /`http:\/\/localhost:\$\{port\}\/`/);
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
      { nodeType: LONGEST_TYPE_NAME },
      { name: LONGEST_NAME, nodeType: defaultNodeType(LONGEST_NAME) },
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

/**
 * The plugin's `prettier --check .`, file by file: its ignore file, its configuration (.editorconfig
 * included). A content checked once is not checked again: most files do not depend on the answers.
 */
class PluginFormatCheck {
  private readonly checked = new Set<string>();

  constructor(private readonly dir: string) {}

  /** The files of `files` that prettier would change. */
  async unformatted(files: RenderedFiles): Promise<string[]> {
    const { dir } = this;
    for (const [path, content] of files) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    const flagged: string[] = [];
    for (const [path, content] of files) {
      const key = `${path}\0${content}`;
      if (this.checked.has(key)) continue;
      this.checked.add(key);
      const filepath = join(dir, path);
      const info = await prettier.getFileInfo(filepath, { ignorePath: join(dir, '.prettierignore') });
      if (info.ignored || !info.inferredParser) continue;
      const config = (await prettier.resolveConfig(filepath, { editorconfig: true })) ?? {};
      if (!(await prettier.check(content, { ...config, filepath }))) flagged.push(path);
    }
    return flagged;
  }
}

describe('the rendered plugin needs no formatting', () => {
  test('hostile answers, the longest names and every package manager: prettier --check passes on every file', async (t) => {
    assert.equal(LONGEST_NAME.length, 214);
    assert.ok(checkPluginName(LONGEST_NAME).ok, 'the longest name is valid');
    assert.ok(!checkPluginName(`${LONGEST_NAME}x`).ok, 'one more character is not');
    assert.ok(checkNodeType(LONGEST_TYPE_NAME).ok, 'the longest type name is valid');
    assert.ok(!checkNodeType(`${LONGEST_TYPE_NAME}Y`).ok, 'one more character is not');
    const description = [HOSTILE_DESCRIPTION, ...TRICKY_LINES].join('\n');
    const cases: Partial<Answers>[] = [
      { name: LONGEST_NAME, nodeType: defaultNodeType(LONGEST_NAME), description, author: HOSTILE_AUTHOR },
      { nodeType: LONGEST_TYPE_NAME, port: 65535, license: '(MIT OR Apache-2.0)', author: '' },
      { nodeType: 'x.nodes.Record', port: 1, license: 'GPL-2.0+', description: 'x'.repeat(5000) },
    ];
    // The package manager changes commands only; a tricky line alone starts the paragraph it is in.
    const renders = [
      ...cases.flatMap((answers) =>
        PACKAGE_MANAGERS.map((packageManager) => ({ ...answers, packageManager })),
      ),
      ...TRICKY_LINES.map((line) => ({ description: line, author: line })),
    ];
    const check = new PluginFormatCheck(await tempDir(t));
    for (const answers of renders) {
      const where = JSON.stringify(answers).slice(0, 100);
      assert.deepEqual(await check.unformatted(await render(answers)), [], where);
    }
  });

  test('the description survives YAML and Markdown as it was typed', async () => {
    for (const line of TRICKY_LINES) {
      const files = await render({ description: line });
      const blueprint = parseYaml(file(files, 'test/blueprint/blueprint.yaml')) as { description: string };
      assert.equal(blueprint.description, line);
      assert.ok(file(files, 'README.md').includes(escapeMarkdown(line)));
    }
  });
});

describe('yamlString', () => {
  test('quotes as prettier does: the preferred quote, the other one around a quote, escapes in double quotes', () => {
    const single = { singleQuote: true };
    assert.equal(yamlString('plain', single), "'plain'");
    assert.equal(yamlString('plain', { singleQuote: false }), '"plain"');
    assert.equal(yamlString('say "hi"', single), `'say "hi"'`);
    assert.equal(yamlString("it's", single), `"it's"`);
    assert.equal(yamlString(`both ' and "`, single), `'both '' and "'`);
    assert.equal(yamlString('a\\b', single), '"a\\\\b"');
    assert.equal(yamlString('two\nlines', single), '"two\\nlines"');
    assert.equal(yamlString('sep\u2028\u007f', single), '"sep\\u2028\\u007f"');
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
