import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli, type CliResult } from './run-cli.js';

const HELLO = fileURLToPath(new URL('../fixtures/workflows/hello/blueprint.yaml', import.meta.url));
let cwd: string;

before(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'cloudify-local-round-trip-'));
});
after(async () => {
  await rm(cwd, { recursive: true, force: true });
});

interface Instance {
  id: string;
  nodeName: string;
  state: string;
  runtimeProperties: Record<string, unknown>;
}

test('init, install, outputs, instances, uninstall: the deployment lives in .cloudify-local between commands', async () => {
  const init = await runCli(['init', '-b', HELLO, '-i', 'greeting=hi'], { cwd });
  assert.equal(init.code, 0, init.stderr);
  assert.match(
    init.stdout,
    /Initialized deployment 'local' .*: 1 nodes, 1 node instances \(stored in \.cloudify-local\)/,
  );

  const install = await runCli(['install'], { cwd });
  assert.equal(install.code, 0, install.stderr + install.stdout);
  const lines = install.stdout.trim().split('\n');
  assert.match(
    lines[0]!,
    /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} {2}CFY <local> Starting 'install' workflow execution$/,
  );
  assert.ok(
    lines.some((l) => /CFY <local> \[greeter_[a-z0-9]{6}\.create\] Task started$/.test(l)),
    install.stdout,
  );
  assert.ok(
    lines.some((l) => /LOG <local> \[greeter_[a-z0-9]{6}\.create\] INFO: greeting with 'hi'$/.test(l)),
    install.stdout,
  );
  assert.match(lines.at(-1)!, /^install succeeded: 2 operations run, 0 retries, 0 failures in \d+\.\d\d s$/);

  const outputs = await runCli(['outputs', '--json'], { cwd });
  assert.equal(outputs.code, 0, outputs.stderr);
  const { message } = JSON.parse(outputs.stdout) as { message: string };
  assert.match(message, /^hi from greeter_[a-z0-9]{6}$/);

  const instances = await runCli(['instances', '--json', '--node', 'greeter'], { cwd });
  const [greeter] = JSON.parse(instances.stdout) as Instance[];
  assert.equal(greeter?.state, 'started');
  assert.equal(greeter?.runtimeProperties['message'], message);

  const uninstall = await runCli(['uninstall', '--json'], { cwd });
  assert.equal(uninstall.code, 0, uninstall.stderr);
  const summary = JSON.parse(uninstall.stdout) as { status: string; operations: number };
  assert.deepEqual([summary.status, summary.operations], ['terminated', 1]);
  assert.match(
    uninstall.stderr,
    /'uninstall' workflow execution succeeded/,
    'with --json the events go to stderr',
  );

  const after = await runCli(['instances'], { cwd });
  assert.match(
    after.stdout,
    /^greeter_[a-z0-9]{6} {2}greeter {2}deleted {2}\{"message":"hi from greeter_\w{6}","echo":"hi from greeter_\w{6}","forgotten":true\}\n$/,
  );
});

test('Ctrl-C cancels a running workflow: the operation is stopped and the run ends as cancelled', async () => {
  const blueprint = join(cwd, 'slow.yaml');
  await mkdir(join(cwd, 'scripts'), { recursive: true });
  await writeFile(join(cwd, 'scripts', 'sleep.sh'), '#!/bin/sh\nsleep 30\n', { mode: 0o755 });
  await writeFile(
    blueprint,
    [
      'tosca_definitions_version: cloudify_dsl_1_4',
      'imports: [http://cloudify.co/spec/cloudify/6.4.0/types.yaml]',
      'node_templates:',
      '  sleeper: { type: cloudify.nodes.Root, interfaces: { cloudify.interfaces.lifecycle: { create: scripts/sleep.sh } } }',
      '',
    ].join('\n'),
  );
  assert.equal((await runCli(['init', '-b', blueprint, '--name', 'slow'], { cwd })).code, 0);
  let concurrent: Promise<CliResult> | undefined;
  const started = Date.now();
  const install = await runCli(['install', '--name', 'slow'], {
    cwd,
    onStdout: (chunk, child) => {
      if (!chunk.includes('Task started')) return;
      // While install holds the deployment, a second command is refused; then interrupt install.
      concurrent = runCli(['instances', '--name', 'slow'], { cwd });
      void concurrent.finally(() => child.kill('SIGINT'));
    },
  });
  const refused = await concurrent!;
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^error: .*slow.*(in use|locked|open)/im);
  assert.equal(install.code, 1, install.stderr);
  assert.ok(Date.now() - started < 20_000, 'the 30 s operation was stopped');
  assert.match(install.stderr, /Cancelling/);
  assert.match(install.stdout, /'install' workflow execution cancelled/);
  assert.match(install.stdout, /install was cancelled: 1 operation run/);
  const instances = await runCli(['instances', '--name', 'slow', '--json'], { cwd });
  assert.equal((JSON.parse(instances.stdout) as Instance[])[0]?.state, 'creating');
});
