// The subgenerators through their front doors: `create-cloudify-plugin <subcommand>` as a real
// process with stdin closed, and the generator classes as yo runs them (kebab-case argv).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import helpers from 'yeoman-test';
import { parse as parseYaml } from 'yaml';
import NodeTypeGenerator from '../generators/node-type/index.js';
import { listFiles, plainEnv, ROOT, runCreate, snapshotTree, tempDir, generate } from './helpers.js';

const create = (args: string[], cwd: string) => runCreate(args, { cwd, env: plainEnv() });

describe('create-cloudify-plugin <subcommand>', () => {
  test('running a subgenerator twice with the same name fails with exit code 2, says why, and changes nothing', async (t) => {
    const dir = await generate(t, 'cli-web');
    const runs: [string[], RegExp][] = [
      [
        ['operation', 'configure'],
        /^There is an operation named "configure" already \(recorded in \.yo-rc\.json\): choose another name\.$/m,
      ],
      [
        ['node-type', 'Database', '--property', 'port:integer=5432'],
        /^plugin\.yaml declares the node type cli_web\.nodes\.Database already \(plugin\.yaml:\d+:3\): choose another name\.$/m,
      ],
      [
        ['relationship', 'ConnectedToDatabase', '--source-operation', 'establish'],
        /^plugin\.yaml declares the relationship type cli_web\.relationships\.ConnectedToDatabase already/m,
      ],
    ];
    for (const [args, refusal] of runs) {
      const first = await create(args, dir);
      assert.equal(first.code, 0, `${args.join(' ')}: ${first.stderr}`);
      assert.match(first.stderr, /^Added /m);
      const before = await snapshotTree(dir);
      const second = await create(args, dir);
      assert.equal(second.code, 2, `${args.join(' ')}: ${second.stderr}`);
      assert.match(second.stderr, refusal);
      assert.doesNotMatch(second.stderr, /\n\s+at /, 'no stack trace');
      assert.deepEqual(await snapshotTree(dir), before, `${args.join(' ')} changed nothing the second time`);
    }
  });

  test('--dry-run lists what would be added and writes nothing; it runs from a folder inside the plugin', async (t) => {
    const dir = await generate(t, 'cli-web');
    const before = await snapshotTree(dir);
    const dryRun = await create(['operation', 'checkDrift', '--dry-run'], join(dir, 'src'));
    assert.equal(dryRun.code, 0, dryRun.stderr);
    assert.match(
      dryRun.stderr,
      /^Dry run: would add operation checkDrift \(cloudify\.interfaces\.lifecycle\.check_drift of cli_web\.nodes\.WebServer\):$/m,
    );
    for (const line of [
      /^ {2}create {2}src\/operations\/check-drift\.ts +\+\d+$/m,
      /^ {2}create {2}test\/check-drift\.test\.ts +\+\d+$/m,
      /^ {2}update {2}plugin\.yaml +\+10$/m,
      /^ {2}update {2}src\/tasks\.ts +\+1$/m,
      /^ {2}update {2}\.yo-rc\.json +\+\d+ -1$/m,
    ]) {
      assert.match(dryRun.stderr, line);
    }
    assert.doesNotMatch(dryRun.stderr, /^Next:/m);
    assert.deepEqual(await snapshotTree(dir), before);
  });

  test('outside a generated plugin: exit code 2 at once, and nothing is created', async (t) => {
    const cwd = await tempDir(t);
    for (const subcommand of ['operation', 'node-type', 'relationship']) {
      const result = await create([subcommand, 'Thing'], cwd);
      assert.equal(result.code, 2, result.stderr);
      assert.match(
        result.stderr,
        /^No generated plugin here: neither .* nor a folder above it holds a \.yo-rc\.json/,
      );
      assert.ok(result.elapsedMs < 5_000, `took ${result.elapsedMs} ms`);
    }
    const missingName = await create(['operation'], await generate(t, 'cli-web'));
    assert.equal(missingName.code, 2);
    assert.match(
      missingName.stderr,
      /^Missing the operation name: .*\n {2}e\.g\. yo cloudify-plugin:operation configure\n/,
    );
    assert.deepEqual(await listFiles(cwd), []);
  });

  test('--help of each subcommand lists every option with its default; the main --help lists the subcommands', async (t) => {
    const cwd = await tempDir(t);
    const expected: Record<string, [string, RegExp][]> = {
      operation: [
        ['--node-type', /default: the plugin's node type/],
        ['--interface', /default: cloudify\.interfaces\.lifecycle/],
        ['--lifecycle-step', /default: the name in snake_case/],
        ['--dry-run', /default: off/],
      ],
      'node-type': [
        ['--derived-from', /default: cloudify\.nodes\.Root/],
        ['--property', /name:type\[=default\].*default: no properties/],
        ['--required', /default: none/],
        ['--dry-run', /default: off/],
      ],
      relationship: [
        ['--derived-from', /default: cloudify\.relationships\.connected_to/],
        ['--source-operation', /establish, unlink.*default: none/],
        ['--target-operation', /default: none/],
        ['--dry-run', /default: off/],
      ],
    };
    for (const [subcommand, options] of Object.entries(expected)) {
      const result = await create([subcommand, '--help'], cwd);
      assert.equal(result.code, 0, result.stderr);
      const help = result.stdout.replace(/\s+/g, ' ');
      assert.match(help, new RegExp(`Usage: create-cloudify-plugin ${subcommand} \\[options\\] \\[name\\]`));
      for (const [flag, text] of options) {
        const at = help.indexOf(`${flag} `);
        assert.ok(at >= 0, `${subcommand} --help lacks ${flag}`);
        assert.match(help.slice(at, at + 400), text, `${subcommand} ${flag}`);
      }
      assert.doesNotMatch(
        help,
        /--skip-install|--force\b|--ask-answered/,
        'options that do nothing here are hidden',
      );
    }
    const main = await create(['--help'], cwd);
    assert.match(main.stdout, /create-cloudify-plugin operation configure/);
    assert.match(main.stdout, /reached with a path: create-cloudify-plugin \.\/operation/);
  });

  test('a target folder named like a subcommand is reached as ./operation', async (t) => {
    const cwd = await tempDir(t);
    const result = await create(['./operation', '--yes', '--skip-install', '--no-git'], cwd);
    assert.equal(result.code, 0, result.stderr);
    assert.ok((await listFiles(join(cwd, 'operation'))).includes('plugin.yaml'));
  });
});

describe('yo cloudify-plugin:node-type', () => {
  test('repeated flags as yo passes them (kebab-case argv) work the same', async (t) => {
    const dir = await generate(t, 'yo-web');
    const context = helpers
      .run(NodeTypeGenerator, {
        resolved: join(ROOT, 'generators', 'node-type', 'index.ts'),
        namespace: 'cloudify-plugin:node-type',
        autoCleanup: false,
      })
      .cd(dir)
      .withArguments([
        'Cache',
        '--property',
        'ttl:integer=60',
        '--property',
        'name:string',
        '--required',
        'name',
        '--derived-from',
        'cloudify.nodes.SoftwareComponent',
      ]);
    t.after(() => process.chdir(ROOT));
    await context;
    const plugin = parseYaml(await readFile(join(dir, 'plugin.yaml'), 'utf8')) as {
      node_types: Record<string, unknown>;
    };
    assert.deepEqual(plugin.node_types['yo_web.nodes.Cache'], {
      derived_from: 'cloudify.nodes.SoftwareComponent',
      properties: {
        ttl: { type: 'integer', default: 60 },
        name: { type: 'string', required: true },
      },
    });
  });
});
