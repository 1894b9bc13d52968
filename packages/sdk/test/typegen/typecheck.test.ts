// A real `tsc` run over a plugin that imports the generated types and the SDK's source: a correct
// operation typechecks; a property typo, a write to a property and an undeclared input do not.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writePluginTypes } from '../../src/typegen/index.js';
import { runCommand } from '../core/helpers/processes.js';
import { pluginFolder } from './helpers.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const TSC = join(REPO, 'node_modules', '.bin', 'tsc');
const SDK_INDEX = join(REPO, 'packages', 'sdk', 'src', 'index.js');

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    typeRoots: [join(REPO, 'node_modules', '@types')],
  },
  include: ['src'],
};

const CORRECT = `
import { operation, type Properties } from 'SDK';
import type { NodeTypes, WebServerProperties, WebServerStartInputs } from './plugin-types.js';

type Runtime = { url?: string };

export const start = operation<WebServerProperties, Runtime, WebServerStartInputs>((ctx, inputs) => {
  const port: number = ctx.node.properties.port;
  const external: boolean = ctx.node.properties.use_external_resource;
  const greeting: string | undefined = inputs.get('greeting');
  // Numbers reach an operation as text under the script runner.
  const attempts: string = inputs.require('attempts');
  ctx.instance.runtimeProperties.url = \`http://localhost:\${port}/\${greeting}/\${Number(attempts)}/\${external}\`;
});

type WebServer = NodeTypes['web_plugin.nodes.WebServer'];
export const stop = operation<WebServer['properties'], Properties, WebServer['inputs']['stop']>((ctx) => {
  ctx.logger.info(\`stopping port \${ctx.node.properties.port} (\${ctx.node.properties.resource_id})\`);
});
`;

const MISTAKES = `
import { operation, type Properties } from 'SDK';
import type { WebServerProperties, WebServerStartInputs, WebServerStopInputs } from './plugin-types.js';

export const typo = operation<WebServerProperties>((ctx) => ctx.node.properties.prot);
export const write = operation<WebServerProperties>((ctx) => {
  ctx.node.properties.port = 1;
});
export const input = operation<WebServerProperties, Properties, WebServerStartInputs>((_ctx, inputs) =>
  inputs.get('greting'),
);
export const none = operation<WebServerProperties, Properties, WebServerStopInputs>((_ctx, inputs) =>
  inputs.get('greeting'),
);
`;

async function tsc(project: string): Promise<{ code: number | null; output: string }> {
  const { code, stdout, stderr } = await runCommand(TSC, ['-p', 'tsconfig.json', '--pretty', 'false'], {
    cwd: project,
  });
  return { code, output: stdout + stderr };
}

test('generated types make ctx.node.properties and inputs typed: tsc accepts use, rejects typos', async (t) => {
  const dir = pluginFolder(t, 'webserver');
  await writePluginTypes({ cwd: dir });
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  const sdk = relative(src, SDK_INDEX).split('\\').join('/');
  writeFileSync(join(src, 'correct.ts'), CORRECT.replace('SDK', sdk));
  writeFileSync(join(src, 'mistakes.ts'), MISTAKES.replace('SDK', sdk));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));

  const { code, output } = await tsc(dir);
  assert.equal(code, 2, output);
  const errors = output.trimEnd().split('\n');
  assert.equal(errors.filter((line) => !line.startsWith('src/mistakes.ts(')).length, 0, output);
  const [typo, write, input, none] = errors;
  assert.match(
    typo ?? '',
    /^src\/mistakes\.ts\(5,\d+\): error TS(2339|2551): Property 'prot' does not exist on type 'Readonly<WebServerProperties>'/,
  );
  assert.match(
    write ?? '',
    /^src\/mistakes\.ts\(7,\d+\): error TS2540: Cannot assign to 'port' because it is a read-only property\./,
  );
  assert.match(
    input ?? '',
    /^src\/mistakes\.ts\(10,\d+\): error TS2345: Argument of type '"greting"' is not assignable to parameter of type '"greeting" \| "attempts"'/,
  );
  assert.match(
    none ?? '',
    /^src\/mistakes\.ts\(13,\d+\): error TS2345: Argument of type '"greeting"' is not assignable to parameter of type 'never'/,
  );
  assert.equal(errors.length, 4, output);
});
