// Help that was asked for exits 0; help shown because the command is missing or unknown is a
// usage error (2), in both CLIs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main as cloudifyLocal } from '../../src/cli/cloudify-local.js';
import { main as cloudifyPlugin } from '../../src/cli/cloudify-plugin.js';

const CASES: [args: string[], local: number, plugin: number][] = [
  [[], 2, 2],
  [['--help'], 0, 0],
  [['help'], 0, 0],
  [['help', 'install'], 0, 2],
  [['help', 'types'], 2, 0],
  [['no-such-command'], 2, 2],
  [['--no-such-flag'], 2, 2],
];

for (const [args, local, plugin] of CASES) {
  test(`\`${args.join(' ') || '(no arguments)'}\` exits ${local} from cloudify-local and ${plugin} from cloudify-plugin`, async () => {
    let output = '';
    const capture = (text: string): void => void (output += text);
    assert.equal(await cloudifyLocal(args, { out: capture, err: capture }), local, output);
    assert.equal(await cloudifyPlugin(args, { stdout: capture, stderr: capture }), plugin, output);
  });
}
