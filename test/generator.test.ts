import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { isInteractive } from '../generators/lib/collect-answers.js';
import { defaultSdkSpec, findGeneratorPackage, sdkSpecFromFlag } from '../generators/lib/package-info.js';
import { detectPackageManager } from '../generators/lib/package-manager.js';
import { gitBlobId } from '../generators/lib/update/manifest.js';
import { listFiles, ROOT, runGenerator, runProcess, tempDir } from './helpers.js';

/** What a plugin is made of; `--yes` writes exactly these. */
const PLUGIN_FILES = [
  '.editorconfig',
  '.github/workflows/ci.yml',
  '.gitignore',
  '.prettierignore',
  '.prettierrc.json',
  '.yo-rc.json',
  'LICENSE',
  'README.md',
  'eslint.config.js',
  'package.json',
  'plugin.yaml',
  'src/main.ts',
  'src/plugin-types.ts',
  'src/tasks.ts',
  'src/webserver-node.ts',
  'src/webserver.ts',
  'test/blueprint/blueprint.yaml',
  'test/tasks.test.ts',
  'test/webserver-context.ts',
  'test/workflow.test.ts',
  'tsconfig.build.json',
  'tsconfig.json',
];

// yeoman-test passes force: true unless told otherwise.
const QUIET = { skipInstall: true, git: false, force: false } as const;
const CHECKOUT_SDK = `file:${join(ROOT, 'packages', 'sdk')}`;

// The generator writes to disk itself (all or nothing), so files are read from disk: yeoman-test's
// assert helpers read through mem-fs, which may have cached a file as missing before it was written.
async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

/** Every key of `expected` has that value in `actual` (objects compared key by key). */
function assertSubset(actual: unknown, expected: unknown, where = '$'): void {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    assert.ok(actual && typeof actual === 'object', `${where} is not an object`);
    for (const [key, value] of Object.entries(expected)) {
      assertSubset((actual as Record<string, unknown>)[key], value, `${where}.${key}`);
    }
  } else {
    assert.deepEqual(actual, expected, where);
  }
}

async function assertText(path: string, expected: RegExp | string): Promise<void> {
  const content = await readFile(path, 'utf8');
  if (typeof expected === 'string') assert.ok(content.includes(expected), `${path} lacks ${expected}`);
  else assert.match(content, expected, path);
}

describe('generating a plugin', () => {
  test('--yes writes exactly the plugin files, and .yo-rc.json records the answers', async (t) => {
    const result = await runGenerator(t).withOptions({ name: 'web-plugin', yes: true, ...QUIET } as never);
    const dir = join(result.cwd, 'web-plugin');
    assert.deepEqual(await listFiles(dir), PLUGIN_FILES);

    const yoRc = await readJson(join(dir, '.yo-rc.json'));
    assert.deepEqual(Object.keys(yoRc), ['generator-cloudify-plugin']);
    const record = yoRc['generator-cloudify-plugin'] as Record<string, unknown>;
    const { version } = await readJson(join(ROOT, 'package.json'));
    // The manifest: every file as rendered, by git blob id (the base of a later update).
    const manifest = record['files'] as Record<string, string>;
    assert.deepEqual(
      Object.keys(manifest),
      PLUGIN_FILES.filter((file) => file !== '.yo-rc.json'),
    );
    for (const [path, id] of Object.entries(manifest)) {
      assert.equal(id, gitBlobId(await readFile(join(dir, path), 'utf8')), path);
    }
    assert.deepEqual(
      { ...record, author: typeof record['author'], files: typeof manifest },
      {
        name: 'web-plugin',
        description: 'A Cloudify plugin written in TypeScript',
        author: 'string',
        license: 'Apache-2.0',
        nodeType: 'web_plugin.nodes.WebServer',
        port: 8080,
        packageManager: detectPackageManager() ?? 'npm',
        templateVersion: version,
        copyrightYear: new Date().getFullYear(),
        sdk: CHECKOUT_SDK,
        files: 'object',
      },
    );

    assertSubset(await readJson(join(dir, 'package.json')), {
      name: 'web-plugin',
      license: 'Apache-2.0',
      private: true,
      type: 'module',
      engines: { node: '^20.19.0 || >=22.13.0' },
      dependencies: { 'cloudify-plugin-sdk': CHECKOUT_SDK },
      scripts: {
        build: 'cloudify-plugin types && tsc -p tsconfig.build.json',
        typecheck: 'tsc -p tsconfig.json',
        lint: 'cloudify-plugin types --check && eslint . && prettier --check .',
        format: 'prettier --write . && eslint --fix .',
        test: 'cloudify-plugin package && node --import tsx/esm --test test/*.test.ts',
        package: 'cloudify-plugin package',
      },
    });
    await assertText(join(dir, 'LICENSE'), /Apache License\s+Version 2\.0/);
    await assertText(join(dir, 'README.md'), /^# web-plugin\n/);
    // Every placeholder is filled: `${…}` in YAML, Markdown and LICENSE files, `__…__` in TypeScript.
    for (const path of PLUGIN_FILES.filter((file) => /\.(ya?ml|md)$|LICENSE/.test(file))) {
      assert.doesNotMatch(await readFile(join(dir, path), 'utf8'), /\$\{\w+\}/, path);
    }
    for (const path of PLUGIN_FILES.filter((file) => file.endsWith('.ts'))) {
      assert.doesNotMatch(await readFile(join(dir, path), 'utf8'), /__[A-Za-z]+__/, path);
    }
    await assertText(join(dir, 'src/webserver-node.ts'), "NodeTypes['web_plugin.nodes.WebServer']");
  });

  test('every answer given as a flag reaches the files that use it', async (t) => {
    const result = await runGenerator(t).withOptions({
      name: 'acme-web',
      description: 'Serves Acme pages',
      author: 'Jane Doe <jane@example.com>',
      license: 'MIT',
      nodeType: 'acme.nodes.Web',
      port: '9090',
      packageManager: 'pnpm',
      sdk: '^0.1.0',
      ...QUIET,
    } as never);
    const dir = join(result.cwd, 'acme-web');
    assertSubset(await readJson(join(dir, 'package.json')), {
      description: 'Serves Acme pages',
      author: 'Jane Doe <jane@example.com>',
      license: 'MIT',
      dependencies: { 'cloudify-plugin-sdk': '^0.1.0' },
    });
    await assertText(
      join(dir, 'LICENSE'),
      `Copyright (c) ${new Date().getFullYear()} Jane Doe <jane@example.com>`,
    );

    const plugin = parseYaml(await readFile(join(dir, 'plugin.yaml'), 'utf8')) as {
      node_types: Record<string, { properties: { port: { default: unknown } }; interfaces: unknown }>;
    };
    assert.deepEqual(Object.keys(plugin.node_types), ['acme.nodes.Web']);
    assert.equal(plugin.node_types['acme.nodes.Web']?.properties.port.default, 9090);
    assert.match(
      JSON.stringify(plugin.node_types['acme.nodes.Web']?.interfaces),
      /plugins\/acme-web\/plugin\.mjs/,
    );

    const blueprint = parseYaml(
      await readFile(join(dir, 'test/blueprint/blueprint.yaml'), 'utf8'),
    ) as unknown;
    assertSubset(blueprint, {
      description: 'Serves Acme pages',
      imports: ['http://cloudify.co/spec/cloudify/6.4.0/types.yaml', 'plugins/acme-web/plugin.yaml'],
      inputs: { port: { default: 9090 } },
      node_templates: { webserver: { type: 'acme.nodes.Web' } },
    });

    // The typed properties, under the names `cloudify-plugin types` gives them.
    await assertText(join(dir, 'src/plugin-types.ts'), 'export type WebProperties = {');
    await assertText(join(dir, 'src/plugin-types.ts'), '@default 9090');
    await assertText(join(dir, 'src/webserver-node.ts'), "NodeTypes['acme.nodes.Web']");

    await assertText(join(dir, 'README.md'), 'Install the dependencies with `pnpm install`');
    await assertText(join(dir, '.github/workflows/ci.yml'), 'run: pnpm install --frozen-lockfile');
    await assertText(join(dir, '.github/workflows/ci.yml'), 'run: pnpm run test');
    assertSubset((await readJson(join(dir, '.yo-rc.json')))['generator-cloudify-plugin'], {
      port: 9090,
      packageManager: 'pnpm',
      sdk: '^0.1.0',
    });
  });

  test('flags given on the command line as yo passes them (kebab-case argv) work the same', async (t) => {
    const result = await runGenerator(t)
      .withArguments([
        'argv-web',
        '--yes',
        '--no-git',
        '--skip-install',
        '--description',
        'From argv',
        '--node-type',
        'argv.nodes.Web',
        '--port',
        '8181',
        '--package-manager',
        'yarn',
      ])
      .withOptions({ force: false } as never);
    const dir = join(result.cwd, 'argv-web');
    assertSubset((await readJson(join(dir, '.yo-rc.json')))['generator-cloudify-plugin'], {
      name: 'argv-web',
      description: 'From argv',
      nodeType: 'argv.nodes.Web',
      port: 8181,
      packageManager: 'yarn',
    });
    assert.equal(existsSync(join(dir, '.git')), false, '--no-git');
    assert.equal(existsSync(join(dir, 'node_modules')), false, '--skip-install');
  });

  test("'.' generates into the current folder, named after it", async (t) => {
    const dir = join(await tempDir(t), 'shop-web');
    const result = await runGenerator(t)
      .inDir(dir)
      .withArguments(['.'])
      .withOptions({ yes: true, ...QUIET } as never);
    assert.equal(result.cwd, dir);
    assertSubset(await readJson(join(dir, 'package.json')), { name: 'shop-web' });
    assert.deepEqual(await listFiles(dir), PLUGIN_FILES);
  });

  test('a folder named on the command line is created and names the plugin', async (t) => {
    const result = await runGenerator(t)
      .withArguments(['nested/dir/my-web'])
      .withOptions({ yes: true, ...QUIET } as never);
    assertSubset(await readJson(join(result.cwd, 'nested/dir/my-web/package.json')), { name: 'my-web' });
  });

  test('--dry-run writes nothing', async (t) => {
    const result = await runGenerator(t).withOptions({
      name: 'dry-web',
      yes: true,
      dryRun: true,
      ...QUIET,
    } as never);
    assert.equal(existsSync(join(result.cwd, 'dry-web')), false);
    assert.deepEqual(await listFiles(result.cwd), []);
  });

  test('invalid flags are all reported, each with its rule', async (t) => {
    await assert.rejects(
      runGenerator(t).withOptions({
        name: 'ok-name',
        port: '65536',
        license: 'Apache 2',
        nodeType: 'cloudify.nodes.Mine',
        packageManager: 'pip',
        ...QUIET,
      } as never),
      (error: Error) => {
        assert.equal(error.name, 'UsageError');
        assert.match(error.message, /^--license: .*not an SPDX identifier/m);
        assert.match(error.message, /^--node-type: .*reserved cloudify\. namespace/m);
        assert.match(error.message, /^--port: .*from 1 to 65535/m);
        assert.match(error.message, /^--package-manager: .*npm, pnpm, yarn, bun/m);
        return true;
      },
    );
  });
});

describe('prompting', () => {
  test('each question offers its default: the folder name, a node type from the name, the license…', async (t) => {
    const result = await runGenerator(t)
      .withArguments(['shop-web'])
      .withOptions({ interactive: true, ...QUIET } as never)
      .withAnswers({ description: 'Typed' });
    const asked: Record<string, unknown> = Object.fromEntries(
      result.askedQuestions.map(({ name, answer }) => [name, answer as unknown]),
    );
    assert.equal(typeof asked['author'], 'string', 'the author defaults to git config');
    assert.deepEqual(
      { ...asked, author: '(git config)' },
      {
        name: 'shop-web',
        description: 'Typed',
        author: '(git config)',
        license: 'Apache-2.0',
        nodeType: 'shop_web.nodes.WebServer',
        port: '8080',
        packageManager: detectPackageManager() ?? 'npm',
      },
    );
    assertSubset((await readJson(join(result.cwd, 'shop-web', '.yo-rc.json')))['generator-cloudify-plugin'], {
      description: 'Typed',
      port: 8080,
    });
  });

  test('--yes with a terminal asks only for what has no default: the name', async (t) => {
    const result = await runGenerator(t)
      .withOptions({ interactive: true, yes: true, license: 'MIT', ...QUIET } as never)
      .withAnswers({ name: 'asked-web' });
    assert.deepEqual(
      result.askedQuestions.map(({ name }) => name),
      ['name'],
    );
    assertSubset(await readJson(join(result.cwd, 'asked-web', 'package.json')), {
      name: 'asked-web',
      license: 'MIT',
    });
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

describe('the target folder', () => {
  test('a folder that is not empty is refused without --force, and left as it was', async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await assert.rejects(
      runGenerator(t)
        .cd(dir)
        .withArguments(['.'])
        .withOptions({ name: 'web', yes: true, ...QUIET } as never),
      (error: Error) => {
        assert.equal(error.name, 'UsageError');
        assert.match(error.message, /is not empty \(it holds notes\.txt\)/);
        assert.match(error.message, /--force/);
        return true;
      },
    );
    assert.deepEqual(await listFiles(dir), ['notes.txt']);
  });

  test('--force writes the plugin files and leaves every other file alone', async (t) => {
    const dir = await tempDir(t);
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'notes.txt'), 'mine\n');
    await writeFile(join(dir, 'src', 'extra.ts'), 'export const mine = 1;\n');
    await writeFile(join(dir, 'README.md'), 'old readme\n');
    await writeFile(join(dir, '.yo-rc.json'), JSON.stringify({ 'generator-other': { keep: true } }));
    await runGenerator(t)
      .cd(dir)
      .withArguments(['.'])
      .withOptions({ name: 'web', yes: true, ...QUIET, force: true } as never);

    assert.equal(await readFile(join(dir, 'notes.txt'), 'utf8'), 'mine\n');
    assert.equal(await readFile(join(dir, 'src', 'extra.ts'), 'utf8'), 'export const mine = 1;\n');
    await assertText(join(dir, 'README.md'), /^# web\n/);
    const yoRc = await readJson(join(dir, '.yo-rc.json'));
    assert.deepEqual(yoRc['generator-other'], { keep: true });
    assertSubset(yoRc['generator-cloudify-plugin'], { name: 'web' });
    assert.deepEqual(await listFiles(dir), [...PLUGIN_FILES, 'notes.txt', 'src/extra.ts'].sort());
  });

  test('running again inside a generated plugin updates it, with the answers stored in .yo-rc.json', async (t) => {
    const parent = await tempDir(t);
    await runGenerator(t)
      .cd(parent)
      .withOptions({ name: 'kept', port: '9999', license: 'MIT', yes: true, ...QUIET } as never);
    const dir = join(parent, 'kept');
    // No --force needed: a folder that holds a generated plugin is updated, not refused.
    await runGenerator(t)
      .cd(dir)
      .withOptions({ yes: true, ...QUIET } as never);
    assertSubset(await readJson(join(dir, 'package.json')), { name: 'kept', license: 'MIT' });
    await assertText(join(dir, 'plugin.yaml'), /default: 9999/);
    assert.deepEqual(await listFiles(dir), PLUGIN_FILES);
  });

  test('inside an existing git repository no repository is created', async (t) => {
    const repo = await tempDir(t);
    assert.equal((await runProcess('git', ['init', '--quiet'], { cwd: repo })).code, 0);
    await runGenerator(t)
      .cd(repo)
      .withArguments(['plugins/web'])
      .withOptions({ yes: true, skipInstall: true, force: false } as never);
    assert.ok(existsSync(join(repo, 'plugins', 'web', 'package.json')));
    assert.equal(existsSync(join(repo, 'plugins', 'web', '.git')), false);
  });

  test('a stored answer that breaks the rules is reported with the file it is in', async (t) => {
    const dir = await tempDir(t);
    await writeFile(
      join(dir, '.yo-rc.json'),
      JSON.stringify({ 'generator-cloudify-plugin': { name: 'Bad_Name' } }),
    );
    await assert.rejects(
      runGenerator(t)
        .cd(dir)
        .withOptions({ yes: true, ...QUIET, force: true } as never),
      (error: Error) => {
        assert.ok(error.message.startsWith(`name in ${join(dir, '.yo-rc.json')}: `), error.message);
        assert.match(error.message, /upper-case/);
        return true;
      },
    );
  });
});

describe('package manager detection', () => {
  test('comes from npm_config_user_agent', () => {
    assert.equal(
      detectPackageManager({ npm_config_user_agent: 'pnpm/9.12.0 npm/? node/v20.20.2 linux x64' }),
      'pnpm',
    );
    assert.equal(
      detectPackageManager({ npm_config_user_agent: 'yarn/4.5.0 npm/? node/v22.0.0 darwin arm64' }),
      'yarn',
    );
    assert.equal(
      detectPackageManager({ npm_config_user_agent: 'bun/1.1.0 npm/? node/v22.0.0 linux x64' }),
      'bun',
    );
    assert.equal(
      detectPackageManager({ npm_config_user_agent: 'npm/11.0.0 node/v20.20.2 linux x64' }),
      'npm',
    );
    assert.equal(detectPackageManager({}), undefined);
  });
});

describe('the cloudify-plugin-sdk dependency', () => {
  test('from a source checkout is the checkout SDK; a published generator uses its own version range', async (t) => {
    const checkout = findGeneratorPackage();
    assert.equal(checkout.root, ROOT.replace(/\/$/, ''));
    assert.equal(defaultSdkSpec(checkout).spec, CHECKOUT_SDK);

    const published = await tempDir(t);
    await writeFile(
      join(published, 'package.json'),
      JSON.stringify({ name: 'generator-cloudify-plugin', version: '1.2.3' }),
    );
    const pkg = { root: published, version: '1.2.3', templatesDir: join(published, 'templates', 'plugin') };
    assert.deepEqual(defaultSdkSpec(pkg), { spec: '^1.2.3', source: 'registry' });
  });

  test('--sdk paths are made absolute (npm would read them against the plugin folder); other specs stay', () => {
    const cwd = '/home/me/work';
    const cases: [string, string][] = [
      ['../sdk.tgz', 'file:/home/me/sdk.tgz'],
      ['./packages/sdk', 'file:/home/me/work/packages/sdk'],
      ['cloudify-plugin-sdk-0.1.0.tgz', 'file:/home/me/work/cloudify-plugin-sdk-0.1.0.tgz'],
      ['file:../sdk', 'file:/home/me/sdk'],
      ['/opt/sdk.tgz', 'file:/opt/sdk.tgz'],
      ['^0.1.0', '^0.1.0'],
      ['next', 'next'],
      ['https://example.com/sdk.tgz', 'https://example.com/sdk.tgz'],
      ['github:acme/sdk', 'github:acme/sdk'],
    ];
    for (const [given, spec] of cases) assert.equal(sdkSpecFromFlag(given, cwd).spec, spec, given);
  });
});
