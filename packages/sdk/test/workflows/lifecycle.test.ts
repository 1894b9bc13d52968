import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkflowEvent } from '../../src/workflows/events.js';
import { buildPlan, lifecycle, RecordingExecutor, relationship } from './doubles.js';
import { runner } from './harness.js';

const ALL = [
  'precreate',
  'create',
  'configure',
  'start',
  'poststart',
  'prestop',
  'stop',
  'delete',
  'postdelete',
];
const REL = ['preconfigure', 'postconfigure', 'establish', 'unlink'];

test('install and uninstall follow the order Cloudify was seen to use (web connected_to db)', async () => {
  const plan = buildPlan({
    db: { operations: lifecycle(ALL) },
    web: {
      operations: lifecycle(ALL),
      relationships: [relationship('cloudify.relationships.connected_to', 'db', REL)],
    },
  });
  const { run, storage } = await runner(plan);
  const install = new RecordingExecutor();
  await run(install, 'install');
  assert.deepEqual(install.log, [
    'db_0 precreate',
    'db_0 create',
    'db_0 configure',
    'db_0 start',
    'db_0 poststart',
    'web_0 precreate',
    'web_0 create',
    'web_0->db_0 preconfigure/source',
    'web_0->db_0 preconfigure/target',
    'web_0 configure',
    'web_0->db_0 postconfigure/source',
    'web_0->db_0 postconfigure/target',
    'web_0 start',
    'web_0 poststart',
    'web_0->db_0 establish/source',
    'web_0->db_0 establish/target',
  ]);
  const uninstall = new RecordingExecutor();
  await run(uninstall, 'uninstall');
  assert.deepEqual(uninstall.log, [
    'web_0 prestop',
    'web_0 stop',
    'web_0->db_0 unlink/source',
    'web_0->db_0 unlink/target',
    'web_0 delete',
    'web_0 postdelete',
    'db_0 prestop',
    'db_0 stop',
    'db_0 delete',
    'db_0 postdelete',
  ]);
  assert.deepEqual(
    (await storage.listInstances()).map((i) => i.state),
    ['deleted', 'deleted'],
  );
});

test('one instance: every state change and event of install and uninstall, NOPs skipped', async () => {
  const plan = buildPlan({
    db: { operations: lifecycle(['precreate', 'create', 'configure', 'start', 'stop', 'delete']) },
  });
  const { run, events } = await runner(plan);
  const describe = (e: WorkflowEvent) =>
    e.type === 'state_changed'
      ? `state ${e.state}`
      : e.type === 'instance_event'
        ? `event ${e.message}`
        : e.type === 'task_started' || e.type === 'task_succeeded'
          ? `${e.type} ${e.operation.split('.').at(-1)}`
          : e.type;
  await run(new RecordingExecutor(), 'install');
  assert.deepEqual(events.map(describe), [
    'workflow_started',
    'state initializing',
    'event Validating node instance before creation: nothing to do',
    'event Precreating node instance',
    'task_started precreate',
    'task_succeeded precreate',
    'event Node instance precreated',
    'event Creating node instance',
    'state creating',
    'task_started create',
    'task_succeeded create',
    'event Node instance created',
    'state created',
    'state configuring',
    'event Configuring node instance',
    'task_started configure',
    'task_succeeded configure',
    'state configured',
    'event Node instance configured',
    'state starting',
    'event Starting node instance',
    'task_started start',
    'task_succeeded start',
    'event Poststarting node instance: nothing to do',
    'state started',
    'event Node instance started',
    'workflow_succeeded',
  ]);
  events.length = 0;
  await run(new RecordingExecutor(), 'uninstall');
  assert.deepEqual(events.map(describe), [
    'workflow_started',
    'state stopping',
    'event Stopping node instance',
    'event Validating node instance after deletion: nothing to do',
    'task_started stop',
    'task_succeeded stop',
    'event Stopped node instance',
    'state stopped',
    'state deleting',
    'event Deleting node instance',
    'task_started delete',
    'task_succeeded delete',
    'state deleted',
    'event Deleted node instance',
    'workflow_succeeded',
  ]);
});

test('contained_in, connected_to and depends_on: each source waits for its whole target', async () => {
  const plan = buildPlan({
    host: { operations: lifecycle(['create', 'configure', 'start', 'stop', 'delete']) },
    db: {
      operations: lifecycle(['create', 'configure', 'start', 'stop', 'delete']),
      relationships: [relationship('cloudify.relationships.contained_in', 'host')],
    },
    web: {
      operations: lifecycle(['create', 'configure', 'start', 'stop', 'delete']),
      relationships: [
        relationship('cloudify.relationships.contained_in', 'host'),
        relationship('cloudify.relationships.connected_to', 'db', ['preconfigure', 'establish', 'unlink']),
      ],
    },
    monitor: {
      operations: lifecycle(['create', 'start', 'stop', 'delete']),
      relationships: [relationship('cloudify.relationships.depends_on', 'web', ['establish'])],
    },
  });
  const expectedInstall = [
    'host_0 create',
    'host_0 configure',
    'host_0 start',
    'db_0 create',
    'db_0 configure',
    'db_0 start',
    'web_0 create',
    'web_0->db_0 preconfigure/source',
    'web_0->db_0 preconfigure/target',
    'web_0 configure',
    'web_0 start',
    'web_0->db_0 establish/source',
    'web_0->db_0 establish/target',
    'monitor_0 create',
    'monitor_0 start',
    'monitor_0->web_0 establish/source',
    'monitor_0->web_0 establish/target',
  ];
  const expectedUninstall = [
    'monitor_0 stop',
    'monitor_0 delete',
    'web_0 stop',
    'web_0->db_0 unlink/source',
    'web_0->db_0 unlink/target',
    'web_0 delete',
    'db_0 stop',
    'db_0 delete',
    'host_0 stop',
    'host_0 delete',
  ];
  // The two sides of one relationship step run in parallel: compare them as one step.
  const steps = (log: string[]) =>
    log.map((l) => l.replace(/\/(source|target)$/, '')).filter((l, i, all) => l !== all[i - 1]);
  for (const parallelism of [1, 8]) {
    const { run } = await runner(plan);
    const install = new RecordingExecutor();
    await run(install, 'install', { parallelism });
    const uninstall = new RecordingExecutor();
    await run(uninstall, 'uninstall', { parallelism });
    if (parallelism === 1) {
      assert.deepEqual(install.log, expectedInstall);
      assert.deepEqual(uninstall.log, expectedUninstall);
    } else {
      assert.deepEqual(steps(install.log), steps(expectedInstall));
      assert.deepEqual(steps(uninstall.log), steps(expectedUninstall));
    }
  }
});
