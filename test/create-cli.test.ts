// create-cloudify-plugin as a real process, with stdin closed (as in CI, or for an agent).
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { GIT_IDENTITY, listFiles, plainEnv, runCreate, runProcess, tempDir } from './helpers.js';

describe('create-cloudify-plugin without a terminal', () => {
  test('without a name it fails at once, names the flags to pass and creates nothing', async (t) => {
    const cwd = await tempDir(t);
    // A run that prompted would hang on the closed stdin until this timeout kills it (code null).
    const result = await runCreate([], { cwd, env: plainEnv(), timeoutMs: 10_000 });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /Missing the plugin name \(--name\)/);
    assert.match(result.stderr, /--name <name>/);
    assert.match(result.stderr, /--yes/);
    assert.match(result.stderr, /npm init cloudify-plugin my-plugin -- --yes/);
    assert.equal(result.stdout, '');
    assert.ok(result.elapsedMs < 5_000, `took ${result.elapsedMs} ms`);
    assert.deepEqual(await listFiles(cwd), []);
  });

  test('a folder whose name is no plugin name is not enough either', async (t) => {
    const cwd = await tempDir(t);
    const result = await runCreate(['My_Plugin'], { cwd, env: plainEnv(), timeoutMs: 10_000 });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /The target folder's name "My_Plugin" is not a valid plugin name/);
    assert.deepEqual(await listFiles(cwd), []);
  });

  test('an invalid --name is refused with the rule, exit code 2, nothing created', async (t) => {
    const cwd = await tempDir(t);
    const result = await runCreate(['--name', 'my_plugin', '--yes'], { cwd, env: plainEnv() });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(
      result.stderr.trim(),
      '--name: The plugin name "my_plugin" is not valid: it contains underscores. Use lowercase letters, digits ' +
        'and dashes, e.g. my-plugin (it must be a valid npm package name, without a scope).',
    );
    assert.deepEqual(await listFiles(cwd), []);
  });

  test('a flag value is not the target folder; `--name=x` and a folder after `--` are', async (t) => {
    const cwd = await tempDir(t);
    const valueOnly = await runCreate(['--description', 'my-plugin', '--yes'], { cwd, env: plainEnv() });
    assert.equal(valueOnly.code, 2, valueOnly.stderr);
    assert.match(valueOnly.stderr, /Missing the plugin name \(--name\)/);
    for (const args of [['--name=eq-plugin'], ['--', 'dash-plugin']]) {
      const run = await runCreate(['--yes', '--skip-install', '--no-git', ...args], { cwd, env: plainEnv() });
      assert.equal(run.code, 0, run.stderr);
    }
    assert.deepEqual(
      (await listFiles(cwd)).filter((path) => path.endsWith('/package.json')),
      ['dash-plugin/package.json', 'eq-plugin/package.json'],
    );
  });

  test('an unknown flag is a usage error', async (t) => {
    const cwd = await tempDir(t);
    const result = await runCreate(['x', '--bogus'], { cwd, env: plainEnv() });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown option '--bogus'/);
    assert.deepEqual(await listFiles(cwd), []);
  });
});

describe('create-cloudify-plugin --help', () => {
  test('lists every option with its default', async (t) => {
    const result = await runCreate(['--help'], { cwd: await tempDir(t), env: plainEnv() });
    assert.equal(result.code, 0, result.stderr);
    const help = result.stdout.replace(/\s+/g, ' ');
    assert.match(help, /Usage: create-cloudify-plugin \[options\] \[directory\]/);
    const expected: [string, RegExp][] = [
      ['--name', /default: the target folder's name/],
      ['--description', /default: "A Cloudify plugin written in TypeScript"/],
      ['--author', /default: git config user\.name and user\.email/],
      ['--license', /default: Apache-2\.0/],
      ['--node-type', /default: from the plugin name/],
      ['--port', /default: 8080/],
      ['--package-manager', /default: the one running this command, else npm/],
      ['--sdk', /default: the SDK of this source checkout/],
      ['--git', /--no-git skips it/],
      ['--interactive', /--no-interactive never asks/],
      ['--yes', /Take the default of every answer/],
      ['--force', /Override every file|left alone/],
      ['--skip-install', /\(default: false\)/],
      ['--dry-run', /\(default: false\)/],
      ['--update', /default: on when the target folder holds a \.yo-rc\.json/],
      ['--check', /exit with code 2 when an update is available.*\(default: off\)/],
      ['--allow-dirty', /uncommitted changes \(default: off/],
      ['--restore', /files you deleted \(default: off/],
    ];
    for (const [flag, defaultText] of expected) {
      const line = help.slice(help.indexOf(flag), help.indexOf(flag) + 400);
      assert.ok(help.includes(flag), `--help lacks ${flag}`);
      assert.match(line, defaultText, `${flag}: ${line}`);
    }
    assert.match(result.stdout, /npm init cloudify-plugin my-plugin -- --yes/);
  });
});

describe('create-cloudify-plugin generating', () => {
  test('writes the plugin, commits it to a new git repository and prints the next steps', async (t) => {
    const cwd = await tempDir(t);
    const env = plainEnv({
      ...GIT_IDENTITY,
      npm_config_user_agent: 'pnpm/9.12.0 npm/? node/v20.20.2 linux x64',
    });
    const result = await runCreate(['my-plugin', '--yes', '--skip-install'], { cwd, env });
    assert.equal(result.code, 0, result.stderr);
    t.diagnostic(`generation without install took ${result.elapsedMs} ms`);

    const dir = join(cwd, 'my-plugin');
    const record = (
      JSON.parse(await readFile(join(dir, '.yo-rc.json'), 'utf8')) as Record<
        string,
        { packageManager: string }
      >
    )['generator-cloudify-plugin'];
    assert.equal(record?.packageManager, 'pnpm', 'the package manager comes from npm_config_user_agent');
    const output = result.stdout + result.stderr;
    assert.match(
      output,
      /Next steps:\n {2}cd my-plugin\n {2}pnpm install +# install the dependencies\n {2}pnpm run test/,
    );

    const log = await runProcess('git', ['log', '--format=%s'], { cwd: dir });
    assert.equal(log.stdout.trim(), 'Initial commit from create-cloudify-plugin');
    const status = await runProcess('git', ['status', '--porcelain'], { cwd: dir });
    assert.equal(status.stdout, '', 'every generated file is committed');
  });

  test('refuses a folder that is not empty; with --force writes only its own files', async (t) => {
    const cwd = await tempDir(t);
    const dir = join(cwd, 'existing');
    await mkdir(join(dir, 'src'), { recursive: true });
    await writeFile(join(dir, 'notes.txt'), 'mine\n');
    await writeFile(join(dir, 'src', 'keep.ts'), 'export {};\n');
    const env = plainEnv(GIT_IDENTITY);

    const refused = await runCreate(['existing', '--yes', '--skip-install', '--no-git'], { cwd, env });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /existing is not empty \(it holds notes\.txt, src\)/);
    assert.deepEqual(await listFiles(dir), ['notes.txt', 'src/keep.ts']);

    const forced = await runCreate(['existing', '--yes', '--skip-install', '--no-git', '--force'], {
      cwd,
      env,
    });
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(await readFile(join(dir, 'notes.txt'), 'utf8'), 'mine\n');
    assert.equal(await readFile(join(dir, 'src', 'keep.ts'), 'utf8'), 'export {};\n');
    const files = await listFiles(dir);
    assert.ok(files.includes('src/tasks.ts') && files.includes('package.json'));
    assert.ok(!files.includes('.git'), '--no-git');
  });
});
