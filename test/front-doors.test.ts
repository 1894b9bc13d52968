// `create-cloudify-plugin` (no Yeoman) and `yo cloudify-plugin` (Yeoman) run one generator: for the
// same command line in the same kind of folder they must end with the same exit code, print the
// same lines and leave the same files. Each case runs through both doors and compares them.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import helpers from 'yeoman-test';
import { SUBCOMMANDS, subcommandOptions, SUBCOMMAND_NAMES } from '../generators/lib/grow/commands.js';
import { generatorOptions } from '../generators/lib/options.js';
import { findGeneratorPackage } from '../generators/lib/package-info.js';
import { DOORS, GENERATORS, type Command, type DoorOutcome } from './front-doors.js';
import { plainEnv, ROOT, runCreate, snapshotTree, tempDir } from './helpers.js';

interface Case {
  title: string;
  command?: Command;
  args: string[];
  /** Prepares the folder the command runs in (the same way for both doors). */
  before?: (cwd: string) => Promise<void>;
  code: number;
  /** What the output must show, besides being the same through both doors. */
  shows: RegExp;
}

const QUIET = ['--yes', '--skip-install', '--no-git'];

/** A plugin generated in `cwd` (as `web`), the starting point of updates and subcommands. */
async function plugin(cwd: string, ...extra: string[][]): Promise<void> {
  const generated = await runCreate(['.', '--name', 'web', ...QUIET], { cwd, env: plainEnv() });
  assert.equal(generated.code, 0, generated.stderr);
  for (const args of extra) {
    const run = await runCreate(args, { cwd, env: plainEnv() });
    assert.equal(run.code, 0, run.stderr);
  }
}

const CASES: Case[] = [
  {
    title: 'generates a plugin with every default',
    args: ['my-plugin', ...QUIET],
    code: 0,
    shows: /✔ Wrote 22 files into <cwd>\/my-plugin\n[^]*Next steps:\n {2}cd my-plugin\n/,
  },
  {
    title: '--dry-run lists the files and writes none',
    args: ['my-plugin', ...QUIET, '--dry-run'],
    code: 0,
    shows: /Dry run: would write 22 files into <cwd>\/my-plugin:\n {2}\.editorconfig\n/,
  },
  {
    title: 'no name and no terminal: the flags to pass',
    args: [],
    code: 2,
    shows: /^Missing the plugin name \(--name\)[^]*npm init cloudify-plugin my-plugin -- --yes\n/,
  },
  {
    title: 'a folder name that is no plugin name',
    args: ['My_Plugin'],
    code: 2,
    shows: /The target folder's name "My_Plugin" is not a valid plugin name/,
  },
  {
    title: 'every invalid flag, each with its rule',
    args: ['ok', '--port', '65536', '--license', 'Apache 2', '--node-type', 'cloudify.nodes.X', '--yes'],
    code: 2,
    shows: /^--license: .*\n--node-type: .*reserved cloudify\. namespace.*\n--port: .*from 1 to 65535/m,
  },
  {
    title: 'a folder that is not empty, without --force',
    args: ['existing', ...QUIET],
    before: async (cwd) => {
      await mkdir(join(cwd, 'existing'));
      await writeFile(join(cwd, 'existing', 'notes.txt'), 'mine\n');
    },
    code: 2,
    shows: /existing is not empty \(it holds notes\.txt\)/,
  },
  {
    title: '--update outside a plugin',
    args: ['--update'],
    code: 2,
    shows: /^--update needs a generated plugin, and <cwd> holds no \.yo-rc\.json/,
  },
  {
    title: '--check in a plugin that is up to date',
    args: ['--check', '--skip-install'],
    before: (cwd) => plugin(cwd),
    code: 0,
    shows: /info Found \.yo-rc\.json of a generated plugin in <cwd>: update mode\.[^]*✔ Up to date/,
  },
  {
    title: '--check with a changed answer: an update is available',
    args: ['--check', '--port', '9191', '--skip-install'],
    before: (cwd) => plugin(cwd),
    code: 2,
    shows: /port 8080 → 9191[^]*updated +plugin\.yaml[^]*An update is available/,
  },
  {
    title: 'an update with a changed answer',
    args: ['--description', 'Updated', '--skip-install'],
    before: (cwd) => plugin(cwd),
    code: 0,
    shows: /updated +README\.md +\+1 -1[^]*Next steps:\n {2}git diff/,
  },
  {
    title: 'code, mapping and test',
    command: 'operation',
    args: ['configure'],
    before: (cwd) => plugin(cwd),
    code: 0,
    shows: /^Added operation configure[^]*create {2}src\/operations\/configure\.ts/m,
  },
  {
    title: 'a second time with the same name',
    command: 'operation',
    args: ['configure'],
    before: (cwd) => plugin(cwd, ['operation', 'configure']),
    code: 2,
    shows: /^There is an operation named "configure" already/m,
  },
  {
    title: 'without a name',
    command: 'operation',
    args: [],
    before: (cwd) => plugin(cwd),
    code: 2,
    shows: /^Missing the operation name/,
  },
  {
    title: '--dry-run',
    command: 'node-type',
    args: ['Database', '--property', 'port:integer=5432', '--property', 'host:string', '--dry-run'],
    before: (cwd) => plugin(cwd),
    code: 0,
    shows: /^Dry run: would add node type web\.nodes\.Database/m,
  },
  {
    title: 'outside a plugin',
    command: 'relationship',
    args: ['ConnectedTo'],
    code: 2,
    shows: /^No generated plugin here/,
  },
];

/** Runs `c` through one door in a folder of its own; returns how it ended and the files it left. */
async function through(t: TestContext, door: keyof typeof DOORS, c: Case) {
  const cwd = await tempDir(t, 'cloudify-plugin-door-');
  await c.before?.(cwd);
  const outcome: DoorOutcome = await DOORS[door](c.command ?? 'app', c.args, cwd);
  return { ...outcome, stderr: stripVTControlCharacters(outcome.stderr), files: await snapshotTree(cwd) };
}

describe('create-cloudify-plugin and yo cloudify-plugin', () => {
  for (const c of CASES) {
    test(`${c.command ?? 'generator'}: ${c.title}`, async (t) => {
      const create = await through(t, 'create-cloudify-plugin', c);
      const yo = await through(t, 'yo', c);
      assert.equal(create.code, c.code, create.stderr);
      assert.match(create.stderr, c.shows);
      assert.equal(yo.code, create.code, yo.stderr);
      assert.equal(yo.stderr, create.stderr);
      assert.deepEqual(yo.files, create.files);
    });
  }
});

/** `--name`, then its description, as --help shows it (whitespace made single spaces). */
function describes(help: string, flag: string, description: string): boolean {
  const flat = help.replace(/\s+/g, ' ');
  const at = flat.search(new RegExp(`--${flag}\\b(?! ?-)`));
  return at >= 0 && flat.slice(at, at + description.length + 80).includes(description.replace(/\s+/g, ' '));
}

/** What `yo cloudify-plugin[:<command>] --help` prints: the generator's own help(). */
async function yoHelp(command: Command): Promise<string> {
  const env = await helpers.createEnv({});
  const namespace = `cloudify-plugin:${command}`;
  env.register(GENERATORS[command] as never, {
    namespace,
    resolved: join(ROOT, 'generators', command, 'index.ts'),
  });
  const generator = (await env.create(namespace, {
    generatorArgs: [],
    generatorOptions: { help: true },
  })) as unknown as { help(): string };
  return generator.help();
}

describe('--help', () => {
  test('both doors describe every option of the generator and of each subcommand in the same words', async (t) => {
    const cwd = await tempDir(t);
    const commands: [Command, [string, string][]][] = [
      ['app', generatorOptions(findGeneratorPackage().version).map((o) => [o.name, o.description])],
      ...SUBCOMMAND_NAMES.map((name): [Command, [string, string][]] => [
        name,
        subcommandOptions(name).map(([flag, option]) => [flag, option.description]),
      ]),
    ];
    for (const [command, options] of commands) {
      const created = await runCreate(command === 'app' ? ['--help'] : [command, '--help'], {
        cwd,
        env: plainEnv(),
      });
      assert.equal(created.code, 0, created.stderr);
      const yo = await yoHelp(command);
      for (const [flag, description] of options) {
        assert.ok(
          describes(created.stdout, flag, description),
          `create-cloudify-plugin ${command} --${flag}`,
        );
        assert.ok(describes(yo, flag, description), `yo cloudify-plugin:${command} --${flag}`);
      }
      if (command !== 'app') {
        assert.match(
          created.stdout,
          new RegExp(SUBCOMMANDS[command].summary.slice(0, 40).replace(/[().]/g, '\\$&')),
        );
      }
    }
  });
});
