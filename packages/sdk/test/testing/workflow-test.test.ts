import assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { WorkflowEvent } from '../../src/workflows/events.js';
import {
  CheckFailedError,
  createWorkflowTest,
  expectOutput,
  expectRuntimeProperty,
  expectState,
  withWorkflowTest,
  workflowTest,
  WorkflowFailedError,
  type WorkflowTestEnvironment,
} from '../../src/testing/index.js';

/** The hello blueprint and its scripts folder, copied as Cloudify's workflow_test would. */
const HELLO = {
  blueprint: '../fixtures/workflows/hello/blueprint.yaml',
  testFile: import.meta.url,
  resourcesToCopy: ['../fixtures/workflows/hello/scripts'],
};

const gone = (path: string) =>
  access(path).then(
    () => false,
    () => true,
  );
const workflowsRun = (events: readonly WorkflowEvent[]) =>
  events.flatMap((e) =>
    e.type === 'workflow_succeeded' || e.type === 'workflow_failed'
      ? [`${e.workflowId} ${e.type.slice(9)}`]
      : [],
  );

test(
  'workflowTest: install, check, and uninstall plus cleanup afterwards',
  workflowTest({ ...HELLO, inputs: { greeting: 'hey' } }, async (env) => {
    await env.execute('install');
    const greeter = await env.instance('greeter');
    await env.check(
      expectState('greeter', 'started'),
      expectRuntimeProperty('greeter', 'message', `hey from ${greeter.id}`),
      expectOutput('message', /^hey from greeter_/),
    );
  }),
);

test('the environment is cleaned up after the test: uninstall ran, the folder is gone', async () => {
  let seen: WorkflowTestEnvironment | undefined;
  await withWorkflowTest(HELLO, async (env) => {
    seen = env;
    await env.execute('install');
  });
  assert.ok(seen);
  assert.deepEqual(workflowsRun(seen.events), ['install succeeded', 'uninstall succeeded']);
  assert.ok(await gone(seen.dir), `${seen.dir} was removed`);
});

test('checks all run, and every mismatch is reported together', async () => {
  await using env = await createWorkflowTest(HELLO);
  await env.execute('install');
  await assert.rejects(
    env.check(
      expectState('greeter', 'deleted'),
      expectRuntimeProperty('greeter', 'message', 'bonjour'),
      expectRuntimeProperty('greeter', ['no', 'such'], 1),
      expectOutput('message', /^hello from/),
      expectOutput('nothing', 1),
      expectState('ghost', 'started'),
    ),
    (error: unknown) => {
      assert.ok(error instanceof CheckFailedError);
      assert.equal(error.mismatches.length, 5, error.message);
      assert.match(error.message, /^5 checks failed:/);
      assert.match(error.message, /greeter_\w{6}: state is started, expected deleted/);
      assert.match(
        error.message,
        /greeter_\w{6}: runtime property message is 'hello from greeter_\w{6}', expected 'bonjour'/,
      );
      assert.match(error.message, /runtime property no\.such is not set \(expected 1\)/);
      assert.match(error.message, /output nothing does not exist \(outputs: message\)/);
      assert.match(error.message, /ghost: no node or node instance of that name \(nodes: greeter\)/);
      return true;
    },
  );
});

test('uninstall runs at cleanup even when install failed, and the failure says where', async () => {
  let seen: WorkflowTestEnvironment | undefined;
  const blueprint = `
tosca_definitions_version: cloudify_dsl_1_4
imports: [http://cloudify.co/spec/cloudify/6.4.0/types.yaml]
node_templates:
  broken:
    type: cloudify.nodes.Root
    interfaces:
      cloudify.interfaces.lifecycle:
        create: scripts/abort.sh
        delete: scripts/fail.sh
`;
  await assert.rejects(
    withWorkflowTest(
      {
        blueprint,
        testFile: import.meta.url,
        resourcesToCopy: [
          ['../fixtures/workflows/retries/scripts/abort.sh', 'scripts'],
          ['../fixtures/workflows/retries/scripts/fail.sh', 'scripts'],
        ],
      },
      async (env) => {
        seen = env;
        await env.execute('install');
      },
    ),
    (error: unknown) => {
      // The test's own failure comes first; the failed cleanup uninstall is reported with it.
      assert.ok(error instanceof AggregateError, String(error));
      const [testError, cleanupError] = error.errors as [unknown, unknown];
      assert.ok(testError instanceof WorkflowFailedError);
      assert.match(
        testError.message,
        /broken_\w{6} cloudify\.interfaces\.lifecycle\.create \(attempt 1, non-recoverable\): bad credentials/,
      );
      assert.ok(cleanupError instanceof WorkflowFailedError);
      assert.equal(cleanupError.workflowId, 'uninstall');
      return true;
    },
  );
  assert.deepEqual(workflowsRun(seen!.events), ['install failed', 'uninstall failed']);
  assert.ok(await gone(seen!.dir));
});

let project: string;
before(async () => {
  project = await mkdtemp(join(tmpdir(), 'fake-plugin-'));
  const packaged = join(project, 'dist', 'package', 'plugins', 'demo-plugin');
  await mkdir(packaged, { recursive: true });
  await mkdir(join(project, 'test', 'blueprint'), { recursive: true });
  const pluginYaml = `
plugins:
  demo-plugin:
    executor: central_deployment_agent
    install: false
node_types:
  demo.nodes.Thing:
    derived_from: cloudify.nodes.Root
    interfaces:
      cloudify.interfaces.lifecycle:
        create:
          implementation: script.script_runner.tasks.run
          executor: central_deployment_agent
          inputs:
            script_path: { default: plugins/demo-plugin/plugin.mjs }
            process: { default: { args: [create] } }
`;
  await writeFile(join(project, 'plugin.yaml'), pluginYaml);
  await writeFile(join(packaged, 'plugin.yaml'), pluginYaml);
  await writeFile(
    join(packaged, 'plugin.mjs'),
    `import { execFileSync } from 'node:child_process';
execFileSync('ctx', ['instance', 'runtime-properties', 'ran', process.argv[2]]);
`,
  );
  await writeFile(
    join(project, 'test', 'blueprint', 'blueprint.yaml'),
    `tosca_definitions_version: cloudify_dsl_1_4
imports:
  - http://cloudify.co/spec/cloudify/6.4.0/types.yaml
  - plugins/demo-plugin/plugin.yaml
inputs:
  label: { type: string }
node_templates:
  thing:
    type: demo.nodes.Thing
outputs:
  label: { value: { get_input: label } }
`,
  );
});
after(async () => {
  await rm(project, { recursive: true, force: true });
});

test('copyPluginYaml brings the packaged plugin; inputs may come from a function', async () => {
  const testFile = join(project, 'test', 'plugin.test.ts');
  const calls: unknown[][] = [];
  await withWorkflowTest(
    {
      blueprint: 'blueprint/blueprint.yaml',
      testFile,
      copyPluginYaml: true,
      inputs: (...args: unknown[]) => {
        calls.push(args);
        return { label: `made by ${String(args[0])}` };
      },
      inputFuncArgs: ['a function'],
      tempDirPrefix: 'copy plugin',
    },
    async (env) => {
      assert.match(env.dir, /copy-plugin-/);
      await env.execute('install');
      await env.check(
        expectRuntimeProperty('thing', 'ran', 'create'),
        expectOutput('label', 'made by a function'),
      );
    },
  );
  assert.equal(calls.length, 1);
  assert.equal(calls[0]![0], 'a function');
  assert.deepEqual(Object.keys(calls[0]![1] as object).sort(), ['baseDir', 'dir']);
});

test('mistakes in the options are explained', async () => {
  await assert.rejects(
    createWorkflowTest({ blueprint: 'blueprint.yaml' }),
    /pass `testFile: import\.meta\.url` \(or `cwd: <folder>`\)/,
  );
  await assert.rejects(
    createWorkflowTest({ blueprint: 'nope.yaml', testFile: import.meta.url }),
    /blueprint .*nope\.yaml does not exist/,
  );
  await assert.rejects(
    createWorkflowTest({
      ...HELLO,
      inputs: {},
      initArgs: { inputs: {} },
    }),
    /either as `inputs` or as `initArgs\.inputs`, not both/,
  );
  const withoutPackage = await mkdtemp(join(tmpdir(), 'no-package-'));
  try {
    await writeFile(join(withoutPackage, 'plugin.yaml'), 'plugins: {}\n');
    await writeFile(
      join(withoutPackage, 'blueprint.yaml'),
      'tosca_definitions_version: cloudify_dsl_1_4\nimports: [plugins/demo/plugin.yaml]\n',
    );
    await assert.rejects(
      createWorkflowTest({ blueprint: 'blueprint.yaml', cwd: withoutPackage, copyPluginYaml: true }),
      /hint: no packaged plugin in .*dist\/package\/plugins: build it \(npm run package\)/,
    );
  } finally {
    await rm(withoutPackage, { recursive: true, force: true });
  }
});
