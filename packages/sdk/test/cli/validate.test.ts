import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli, runMain } from './run-cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/workflows/', import.meta.url));
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cloudify-local-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('validate prints every error of an invalid blueprint with file:line:col and exits 1', async () => {
  const result = await runCli(['validate', 'invalid/blueprint.yaml'], { cwd: FIXTURES });
  assert.equal(result.code, 1, result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.deepEqual(
    lines.map((line) => /^invalid\/blueprint\.yaml:(\d+):(\d+): /.exec(line)?.slice(1).join(':')),
    ['12:11', '13:3', '19:7', '23:13', '27:15', '32:17'],
    result.stdout,
  );
  assert.match(lines[0]!, /Could not locate node type: 'test\.nodes\.Sever' \[err_code 7\]/);
  assert.match(lines[1]!, /mandatory 'port' property .*\[err_code 107\]/);
  assert.match(lines[2]!, /'colour' property is not part .*\[err_code 106\]/);
  assert.match(lines[3]!, /does not match its type 'integer' \[err_code 105\]/);
  assert.match(lines[4]!, /unknown input 'no_such_input'/);
  assert.match(lines[5]!, /undefined target node 'nowhere' \[err_code 25\]/);
  assert.match(result.stderr, /invalid\/blueprint\.yaml: 6 errors/);
});

test('validate --json gives the errors as data', async () => {
  const result = await runMain(['validate', '--json', join(FIXTURES, 'invalid/blueprint.yaml')]);
  assert.equal(result.code, 1);
  const parsed = JSON.parse(result.stdout) as {
    valid: boolean;
    errors: { code?: number; location?: { line: number } }[];
  };
  assert.equal(parsed.valid, false);
  assert.deepEqual(
    parsed.errors.map((e) => e.code),
    [7, 107, 106, 105, undefined, 25],
  );
});

test('validate accepts a valid blueprint and checks inputs when given', async () => {
  const blueprint = join(FIXTURES, 'order/blueprint.yaml');
  const ok = await runMain(['validate', blueprint]);
  assert.equal(ok.code, 0, ok.stderr + ok.stdout);
  assert.match(ok.stdout, /order\/blueprint\.yaml: valid/);
  const badInputs = await runMain(['validate', blueprint, '-i', 'log_file=[1]', '-i', 'extra=1']);
  assert.equal(badInputs.code, 1);
  assert.match(badInputs.stdout, /log_file/);
  assert.match(badInputs.stdout, /extra/);
});

test('usage mistakes exit 2 and say what to do', async () => {
  const missing = await runCli(['init'], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /required option '-b, --blueprint <path>' not specified/);
  const storage = ['--storage-dir', join(dir, 'store')];
  const unknown = await runMain(['install', '--paralelism', '2', ...storage]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown option '--paralelism'/);
  const badNumber = await runMain(['install', '--parallelism', '0', ...storage]);
  assert.equal(badNumber.code, 2);
  assert.match(badNumber.stderr, /--parallelism must be an integer ≥ 1, got '0'/);
  const badInputs = await runMain(['init', '-b', 'x.yaml', '-i', 'nonsense', ...storage]);
  assert.equal(badInputs.code, 2);
  assert.match(badInputs.stderr, /-i nonsense: not a file, a key=value pair or a \{key: value\} mapping/);
  const help = await runMain(['install', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--task-retries <n>/);
  const nothing = await runMain([]);
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /Usage: cloudify-local/);
});

test('commands on a deployment that was never initialised say how to create it', async () => {
  const result = await runCli(['outputs'], { cwd: dir });
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /no deployment named 'local' in .*\.cloudify-local; create it with: cloudify-local init -b <blueprint>/,
  );
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace for a user mistake');
  await writeFile(
    join(dir, 'broken.yaml'),
    'tosca_definitions_version: cloudify_dsl_1_4\nnode_templates: [\n',
  );
  const broken = await runMain(['init', '-b', join(dir, 'broken.yaml'), '--storage-dir', join(dir, 'store')]);
  assert.equal(broken.code, 1);
  assert.match(broken.stdout, /broken\.yaml:\d+:\d+: /);
});
