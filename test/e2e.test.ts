// The whole slice, as a plugin author gets it: the SDK packed as npm would publish it, a plugin
// generated against that tarball and installed from the registry, every script of it run; then the
// same installed plugin grown with the subgenerators and updated to a changed template, and its
// scripts run again (one install for all of it).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { TEMPLATES_DIR_ENV } from '../generators/lib/package-info.js';
import {
  assertSucceeded,
  git,
  GIT_IDENTITY,
  packedSdk,
  plainEnv,
  runCreate,
  runProcess,
  snapshotTree,
  type ProcessResult,
} from './helpers.js';
import { changedTemplates } from './template-changes.js';

const NAME = 'e2e-webserver';
const MINUTE = 60_000;
const WORKFLOW_TEST = 'install serves the web page on the port; uninstall stops the server';

/** A test of the plugin's own suite passed (TAP on Node 20 without a terminal, spec on later ones). */
/** A line of node --test's summary: TAP (`# fail 0`) or, from Node 23 on, spec (`ℹ fail 0`). */
function summaryLine(line: string): RegExp {
  return new RegExp(`^(?:# |ℹ )${line}`, 'm');
}

function passed(name: string): RegExp {
  return new RegExp(`^(?:ok \\d+ - |\\s*✔ )${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm');
}

describe('a generated plugin, installed with the packed SDK', { timeout: 15 * MINUTE }, () => {
  const env = plainEnv(GIT_IDENTITY);
  let work = '';
  let plugin = '';

  const script = async (t: TestContext, name: string): Promise<ProcessResult> => {
    const run = await runProcess('npm', ['run', name], { cwd: plugin, env, timeoutMs: 3 * MINUTE });
    t.diagnostic(`npm run ${name}: ${run.elapsedMs} ms`);
    return run;
  };
  const grow = async (t: TestContext, args: string[]): Promise<ProcessResult> => {
    const run = await runCreate(args, { cwd: plugin, env });
    t.diagnostic(`create-cloudify-plugin ${args.join(' ')}: ${run.elapsedMs} ms`);
    return run;
  };

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'cloudify-plugin-e2e-'));
    const tarball = await packedSdk(work);
    const generated = await runCreate([NAME, '--sdk', tarball, '--skip-install', '--yes'], {
      cwd: work,
      env,
    });
    assertSucceeded('create-cloudify-plugin', generated);
    plugin = join(work, NAME);
    const install = await runProcess('npm', ['install', '--no-audit', '--no-fund'], {
      cwd: plugin,
      env,
      timeoutMs: 5 * MINUTE,
    });
    assertSucceeded('npm install', install);
  });
  after(() => rm(work, { recursive: true, force: true }));

  test('passes build, lint, typecheck, test (its workflow test included) and package, and runs under cloudify-local', async (t) => {
    for (const name of ['build', 'lint', 'typecheck', 'test', 'package']) {
      const run = await script(t, name);
      assertSucceeded(`npm run ${name}`, run);
      if (name === 'test') {
        // The plugin's own tests ran, and all passed (a run of no test exits 0 too): the unit tests,
        // and the workflow test, which really starts the web server and stops it.
        assert.match(run.stdout, summaryLine('tests [1-9]'), run.stdout);
        assert.match(run.stdout, summaryLine('fail 0$'), run.stdout);
        assert.match(run.stdout, passed(WORKFLOW_TEST), run.stdout);
      }
    }
    assert.ok(existsSync(join(plugin, 'dist', 'tasks.js')), 'build wrote dist/tasks.js');
    for (const file of ['plugin.mjs', 'plugin.yaml']) {
      assert.ok(existsSync(join(plugin, 'dist', 'package', 'plugins', NAME, file)), `package wrote ${file}`);
    }

    // The plugin README's "Try it locally", as written there: the bundle runs under the SDK's ctx
    // proxy, start leaves a web server that answers, uninstall stops it.
    const port = await freePort();
    const tryDir = join(plugin, 'dist', 'try');
    await mkdir(tryDir, { recursive: true });
    await cp(join(plugin, 'test', 'blueprint', 'blueprint.yaml'), join(tryDir, 'blueprint.yaml'));
    await cp(join(plugin, 'dist', 'package', 'plugins'), join(tryDir, 'plugins'), { recursive: true });
    const local = (args: string[]): Promise<ProcessResult> =>
      runProcess('npx', ['cloudify-local', ...args], { cwd: plugin, env, timeoutMs: 2 * MINUTE });
    assertSucceeded(
      'cloudify-local init',
      await local(['init', '-b', 'dist/try/blueprint.yaml', '-i', `port=${port}`]),
    );
    let uninstalled: ProcessResult;
    try {
      assertSucceeded('cloudify-local install', await local(['install']));
      const page = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<h1>webserver \(webserver_[a-z0-9]{6}\)<\/h1>/);
      const outputs = await local(['outputs']);
      assertSucceeded('cloudify-local outputs', outputs);
      assert.match(outputs.stdout, new RegExp(`url: "http://localhost:${port}/"`));
    } finally {
      // Also after a failure: the detached web server must not outlive the test.
      uninstalled = await local(['uninstall']);
    }
    assertSucceeded('cloudify-local uninstall', uninstalled);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/`), 'the web server is stopped');
    await rm(join(plugin, '.cloudify-local'), { recursive: true, force: true });
  });

  test('grown by the subgenerators (two operations, a node type with three properties, a relationship) and updated to a changed template, it passes build, lint, typecheck and test', async (t) => {
    const steps: string[][] = [
      ['node-type', 'Database', '--property', 'host:string=localhost', '--property', 'port:integer=5432'],
      ['operation', 'configure'],
      ['operation', 'create', '--node-type', 'Database'],
      [
        'relationship',
        'ConnectedToDatabase',
        '--source-operation',
        'establish',
        '--target-operation',
        'unlink',
      ],
    ];
    (steps[0] ?? []).push('--property', 'password:string', '--required', 'password');
    for (const args of steps) {
      const run = await grow(t, args);
      assertSucceeded(`create-cloudify-plugin ${args.join(' ')}`, run);
      // The installed SDK regenerated the typed properties as part of the addition.
      assert.match(run.stderr, /^ {2}update {2}src\/plugin-types\.ts /m, run.stderr);
    }
    // Then the template moves on: committed first, the additions are merged with it and stay.
    await git(plugin, 'add', '--all');
    await git(plugin, 'commit', '--quiet', '--message', 'Grown');
    const update = await runCreate(['--description', 'Grown and updated', '--skip-install'], {
      cwd: plugin,
      env: { ...env, [TEMPLATES_DIR_ENV]: await changedTemplates(work) },
    });
    assertSucceeded('create-cloudify-plugin (update)', update);
    assert.doesNotMatch(update.stderr, /conflict/i, update.stderr);
    const pluginYaml = await readFile(join(plugin, 'plugin.yaml'), 'utf8');
    assert.match(pluginYaml, /retry_interval: 3/, 'the template change arrived');
    assert.match(pluginYaml, /e2e_webserver\.nodes\.Database:/, 'the node type added stays');
    assert.match(await readFile(join(plugin, 'README.md'), 'utf8'), /^Grown and updated$/m);
    assert.equal(await readFile(join(plugin, '.nvmrc'), 'utf8'), '22\n');

    const types = await readFile(join(plugin, 'src', 'plugin-types.ts'), 'utf8');
    assert.match(
      types,
      /export type DatabaseProperties = \{[^}]*readonly host: string;[^}]*readonly port: number;[^}]*readonly password: string;/,
    );
    assert.match(types, /'e2e_webserver\.relationships\.ConnectedToDatabase': \{/);

    for (const name of ['build', 'lint', 'typecheck', 'test']) {
      const run = await script(t, name);
      assertSucceeded(`npm run ${name}`, run);
      if (name === 'test') {
        assert.match(run.stdout, summaryLine('fail 0$'), run.stdout);
        for (const unit of [
          'configure runs as cloudify.interfaces.lifecycle.configure',
          'create runs as cloudify.interfaces.lifecycle.create',
          'connectedToDatabaseSourceEstablish runs as cloudify.interfaces.relationship_lifecycle.establish on the source end',
          'connectedToDatabaseTargetUnlink runs as cloudify.interfaces.relationship_lifecycle.unlink on the target end',
          // Installs the web server (start, and now configure) and the database node (its create).
          WORKFLOW_TEST,
        ]) {
          assert.match(run.stdout, passed(unit), unit);
        }
      }
    }

    // Typed properties: a typo in a property name is a compile error that names it.
    const operation = join(plugin, 'src', 'operations', 'create.ts');
    const source = await readFile(operation, 'utf8');
    await writeFile(operation, source.replace('${ctx.instance.id}', '${ctx.node.properties.passwrd}'));
    const typo = await script(t, 'typecheck');
    await writeFile(operation, source);
    assert.notEqual(typo.code, 0, `${typo.stdout}\n${typo.stderr}`);
    assert.match(
      typo.stdout,
      /src\/operations\/create\.ts\(\d+,\d+\): error TS2551: Property 'passwrd' does not exist on type 'Readonly<DatabaseProperties>'\. Did you mean 'password'\?/,
    );

    // The same subgenerator again, with the same name: refused, and nothing changes.
    const before = await snapshotTree(plugin);
    const again = await grow(t, ['operation', 'configure']);
    assert.equal(again.code, 2, again.stderr);
    assert.match(
      again.stderr,
      /There is an operation named "configure" already \(recorded in \.yo-rc\.json\)/,
    );
    assert.deepEqual(await snapshotTree(plugin), before);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
