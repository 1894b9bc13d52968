import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import {
  ErrorCode,
  FunctionEvaluationError,
  evaluateOutputs,
  evaluateRuntimeFunctions,
  type DeploymentPlan,
  type RuntimeState,
} from '../../src/dsl/index.js';
import { blueprint, expectError, lineOf, loadErrors, planErrors, planOf, sequentialIds } from './helpers.js';

const types = `
node_types:
  my.Node:
    derived_from: cloudify.nodes.Root
    properties:
      port: { default: 1 }
      url: { default: '' }
      info: { default: {} }
      count: { type: integer, default: 0 }
`;

function state(plan: DeploymentPlan, runtime: Record<string, Record<string, unknown>>): RuntimeState {
  return { plan, runtimeProperties: (id) => runtime[id] ?? {} };
}

const idOf = (plan: DeploymentPlan, node: string, index = 0): string =>
  plan.nodeInstances.filter((i) => i.nodeName === node)[index]!.id;

test('plan time: get_input, get_property (SELF, other nodes, nested, chained), concat, merge, string_*', async (t) => {
  const text = blueprint(`${types}
inputs:
  port: { default: 8080 }
  cfg: { default: { hosts: [alpha, beta], opts: { a: 1 } } }
node_templates:
  db:
    type: my.Node
    properties:
      port: { get_input: port }
      info: { merge: [{ get_input: [cfg, opts] }, { b: 2 }] }
  web:
    type: my.Node
    properties:
      port: { get_property: [db, port] }
      url: { concat: ['http://', { get_input: [cfg, hosts, 1] }, ':', { get_property: [SELF, port] }, /x] }
      info:
        upper: { string_upper: { get_input: [cfg, hosts, 0] } }
        lower: { string_lower: ABC }
        found: { string_find: [abcdef, cd] }
        replaced: { string_replace: [a-b-c, '-', '+', 1] }
        parts: { string_split: [a/b/c, /] }
        last: { string_split: [a/b/c, /, -1] }
        nested: { get_property: [db, info, b] }
        flag: { concat: [true, ' ', null, ' ', [1, x]] }
    interfaces:
      cloudify.interfaces.lifecycle:
        start:
          implementation: script.script_runner.tasks.run
          executor: central_deployment_agent
          inputs:
            script_path: s.js
            url: { get_property: [SELF, url] }
            later: { concat: [{ get_input: port }, '/', { get_attribute: [SELF, path] }] }
    relationships:
      - type: cloudify.relationships.connected_to
        target: db
        source_interfaces:
          cloudify.interfaces.relationship_lifecycle:
            establish:
              implementation: script.script_runner.tasks.run
              executor: central_deployment_agent
              inputs: { script_path: s.js, from: { get_property: [SOURCE, url] }, to: { get_property: [TARGET, port] } }
outputs:
  url: { value: { get_property: [web, url] } }
  ip: { value: { get_attribute: [db, ip] } }
`);
  const plan = await planOf(t, { 'blueprint.yaml': text });
  const web = plan.nodes.find((n) => n.name === 'web')!;
  assert.equal(web.properties.port, 8080);
  assert.equal(web.properties.url, 'http://beta:8080/x');
  assert.deepEqual(web.properties.info, {
    upper: 'ALPHA',
    lower: 'abc',
    found: 2,
    replaced: 'a+b-c',
    parts: ['a', 'b', 'c'],
    last: 'c',
    nested: 2,
    flag: "True None [1, 'x']",
  });
  assert.deepEqual(plan.nodes.find((n) => n.name === 'db')!.properties.info, { a: 1, b: 2 });
  const start = web.operations['cloudify.interfaces.lifecycle.start']!;
  assert.equal(start.inputs.url, 'http://beta:8080/x');
  assert.deepEqual(start.inputs.later, { concat: [8080, '/', { get_attribute: ['SELF', 'path'] }] });
  const establish =
    web.relationships[0]!.sourceOperations['cloudify.interfaces.relationship_lifecycle.establish']!;
  assert.deepEqual([establish.inputs.from, establish.inputs.to], ['http://beta:8080/x', 8080]);
  assert.equal(plan.outputs.url!.value, 'http://beta:8080/x');
  assert.deepEqual(plan.outputs.ip!.value, { get_attribute: ['db', 'ip'] });
  assert.equal(plan.outputs.ip!.location?.line, lineOf(text, 'ip: { value'));
});

test('plan time errors: missing property, circular get_property, get_secret, values of the wrong type', async (t) => {
  const text = blueprint(`${types}
inputs:
  word: { default: many }
node_templates:
  a:
    type: my.Node
    properties:
      port: { get_property: [b, nope] }
      url: { get_property: [SELF, info] }
      info: { get_property: [SELF, url] }
      count: { get_input: word }
  b:
    type: my.Node
    properties:
      port: { get_secret: password }
`);
  const errors = await planErrors(t, { 'blueprint.yaml': text });
  const missing = expectError(
    errors,
    undefined,
    /Node template property 'b.properties.nope' referenced from 'node_templates.a.properties.port' doesn't exist/,
  );
  assert.deepEqual([missing.location?.line, missing.location?.column], [lineOf(text, '[b, nope]'), 15]);
  expectError(errors, undefined, /Circular get_property reference to 'a.properties.url'/);
  expectError(errors, undefined, /get_secret is not supported by local workflows/);
  const typed = expectError(
    errors,
    ErrorCode.wrongValueType,
    /Value 'many' of 'count' does not match its type 'integer'/,
  );
  assert.equal(typed.location?.line, lineOf(text, 'count: { get_input: word }'));
});

test('load time: unknown nodes and inputs in functions, SELF/SOURCE/TARGET out of place, bad arguments', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': blueprint(`${types}
node_templates:
  a:
    type: my.Node
    properties:
      port: { get_attribute: [SOURCE, ip] }
      url: { get_property: [b, url] }
      info: { get_input: nope }
      count: { string_split: [only-one] }
outputs:
  o: { value: { get_attribute: [SELF, ip] } }
  p: { value: { get_attribute: [aa, ip] } }
`),
  });
  expectError(
    errors,
    undefined,
    /SOURCE cannot be used with get_attribute function in node_templates.a.properties.port/,
  );
  expectError(errors, undefined, /get_property function node reference 'b' does not exist/);
  expectError(errors, undefined, /get_input function references an unknown input 'nope'/);
  expectError(errors, undefined, /Illegal arguments passed to string_split function/);
  expectError(errors, undefined, /SELF cannot be used with get_attribute function in outputs.o.value/);
  const guess = expectError(errors, undefined, /get_attribute function node reference 'aa' does not exist/);
  assert.equal(guess.hint, "did you mean 'a'?");
  assert.equal(errors.length, 6);
});

const deploymentText = blueprint(`${types}
node_templates:
  vm:
    type: cloudify.nodes.Compute
    properties: { agent_config: { install_method: none } }
    capabilities: { scalable: { properties: { default_instances: 2 } } }
  app:
    type: my.Node
    properties: { port: 80, info: { deep: { value: from-node } } }
    relationships: [{ type: cloudify.relationships.contained_in, target: vm }]
  db:
    type: my.Node
    relationships: [{ type: cloudify.relationships.contained_in, target: vm }]
  lb:
    type: my.Node
    relationships: [{ type: cloudify.relationships.connected_to, target: app, properties: { connection_type: all_to_one } }]
  solo:
    type: my.Node
outputs:
  endpoint: { value: { concat: ['http://', { get_attribute: [solo, host] }, ':', { get_attribute: [solo, port] }] } }
  broken: { value: { get_attribute: [app, ip] } }
  ids: { value: { get_attributes_list: [vm, node_instance_id] } }
`);

async function deploymentPlan(t: TestContext): Promise<DeploymentPlan> {
  return planOf(t, { 'blueprint.yaml': deploymentText }, {}, sequentialIds());
}

test('run time get_attribute: runtime properties, then node_instance_id/index, then node properties, nested paths', async (t) => {
  const plan = await deploymentPlan(t);
  const app0 = idOf(plan, 'app', 0);
  const s = state(plan, { [app0]: { endpoint: { urls: ['a', 'b'] }, port: 9000 } });
  const value = evaluateRuntimeFunctions(
    {
      url: { get_attribute: ['SELF', 'endpoint', 'urls', 1] },
      port: { get_attribute: ['SELF', 'port'] },
      fromNode: { get_attribute: ['SELF', 'info', 'deep', 'value'] },
      id: { get_attribute: ['SELF', 'node_instance_id'] },
      index: { get_attribute: ['SELF', 'node_instance_index'] },
      none: { get_attribute: ['SELF', 'nothing', 'here'] },
      joined: {
        concat: [
          { get_attribute: ['SELF', 'port'] },
          '-',
          { string_upper: { get_attribute: ['SELF', 'endpoint', 'urls', 0] } },
        ],
      },
    },
    { self: app0 },
    s,
  );
  assert.deepEqual(value, {
    url: 'b',
    port: 9000,
    fromNode: 'from-node',
    id: app0,
    index: 0,
    none: null,
    joined: '9000-A',
  });
});

test('run time: SOURCE and TARGET in relationship scope; a node name picks the related or co-contained instance', async (t) => {
  const plan = await deploymentPlan(t);
  const [vm0, vm1] = [idOf(plan, 'vm', 0), idOf(plan, 'vm', 1)];
  const [app0, app1] = [idOf(plan, 'app', 0), idOf(plan, 'app', 1)];
  const [db0, db1] = [idOf(plan, 'db', 0), idOf(plan, 'db', 1)];
  const lb = idOf(plan, 'lb');
  const runtime: Record<string, Record<string, unknown>> = {};
  for (const id of [vm0, vm1, app0, app1, db0, db1]) runtime[id] = { name: id };
  const s = state(plan, runtime);
  assert.deepEqual(
    evaluateRuntimeFunctions(
      [{ get_attribute: ['SOURCE', 'name'] }, { get_attribute: ['TARGET', 'name'] }],
      { source: app1, target: vm1 },
      s,
    ),
    [app1, vm1],
  );
  // through the contained_in relationship of the context instance
  assert.equal(evaluateRuntimeFunctions({ get_attribute: ['vm', 'name'] }, { self: app1 }, s), vm1);
  // through the shared container: db1 lives on the same vm as app1
  assert.equal(evaluateRuntimeFunctions({ get_attribute: ['db', 'name'] }, { self: app1 }, s), db1);
  // all_to_one: lb is connected to one app instance only
  const lbTarget = plan.nodeInstances.find((i) => i.id === lb)!.relationships[0]!.targetId;
  assert.equal(evaluateRuntimeFunctions({ get_attribute: ['app', 'name'] }, { self: lb }, s), lbTarget);
  assert.throws(
    () => evaluateRuntimeFunctions({ get_attribute: ['app', 'name'] }, {}, s),
    (e: unknown) =>
      e instanceof FunctionEvaluationError &&
      /More than one node instance found for node "app"/.test(e.message),
  );
  assert.throws(
    () => evaluateRuntimeFunctions({ get_attribute: ['SELF', 'name'] }, {}, s),
    /SELF is missing in request context/,
  );
});

test('outputs: failures become <ERROR: …> in place and are listed with where the output was written', async (t) => {
  const plan = await deploymentPlan(t);
  const solo = idOf(plan, 'solo');
  const { values, errors } = evaluateOutputs(plan, state(plan, { [solo]: { host: 'localhost' } }));
  assert.equal(values.endpoint, 'http://localhost:1');
  assert.equal(
    values.broken,
    '<ERROR: More than one node instance found for node "app". Cannot resolve a node instance unambiguously.>',
  );
  assert.deepEqual(values.ids, [idOf(plan, 'vm', 0), idOf(plan, 'vm', 1)]);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.location?.path, 'outputs.broken.value');
  assert.equal(errors[0]!.location?.line, lineOf(deploymentText, 'broken:'));
});

test('run time get_attributes_dict and manager-only functions', async (t) => {
  const plan = await deploymentPlan(t);
  const [vm0, vm1] = [idOf(plan, 'vm', 0), idOf(plan, 'vm', 1)];
  const s = state(plan, { [vm0]: { ip: '10.0.0.1' }, [vm1]: { ip: '10.0.0.2' } });
  assert.deepEqual(
    evaluateRuntimeFunctions(
      { get_attributes_dict: ['vm', 'ip', ['agent_config', 'install_method']] },
      {},
      s,
    ),
    {
      [vm0]: { ip: '10.0.0.1', 'agent_config.install_method': 'none' },
      [vm1]: { ip: '10.0.0.2', 'agent_config.install_method': 'none' },
    },
  );
  assert.throws(
    () => evaluateRuntimeFunctions({ get_capability: ['dep', 'cap'] }, {}, s),
    /only available on a Cloudify manager/,
  );
});
