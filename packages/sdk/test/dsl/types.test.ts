import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '../../src/dsl/index.js';
import { blueprint, brief, expectError, loadErrors, planOf } from './helpers.js';

test('node types merge properties and interfaces down the derived_from chain', async (t) => {
  const plan = await planOf(t, {
    'blueprint.yaml': blueprint(`
plugins:
  p: { executor: central_deployment_agent, install: false }
node_types:
  base.Type:
    derived_from: cloudify.nodes.Root
    properties:
      size: { type: integer, default: 1 }
      name: { type: string, default: base }
    interfaces:
      cloudify.interfaces.lifecycle:
        create: p.base.create
        start: p.base.start
  leaf.Type:
    derived_from: base.Type
    properties:
      name: { type: string, default: leaf }
    interfaces:
      cloudify.interfaces.lifecycle:
        start: p.leaf.start
      custom.interface:
        run: p.leaf.run
node_templates:
  n:
    type: leaf.Type
`),
  });
  const node = plan.nodes[0]!;
  assert.deepEqual(node.typeHierarchy, ['cloudify.nodes.Root', 'base.Type', 'leaf.Type']);
  assert.deepEqual(node.properties, { use_external_resource: false, resource_id: '', size: 1, name: 'leaf' });
  assert.equal(node.operations['cloudify.interfaces.lifecycle.create']?.operation, 'base.create');
  assert.equal(node.operations['cloudify.interfaces.lifecycle.start']?.operation, 'leaf.start');
  assert.equal(node.operations['custom.interface.run']?.operation, 'leaf.run');
  assert.equal(node.operations['cloudify.interfaces.lifecycle.stop']?.implementation, '');
  assert.equal(node.operations['cloudify.interfaces.lifecycle.stop']?.plugin, undefined);
});

test('a derived type re-declaring a property without default makes it mandatory (107)', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': blueprint(`
node_types:
  strict.WebServer:
    derived_from: cloudify.nodes.WebServer
    properties:
      port: { type: integer }
node_templates:
  web:
    type: strict.WebServer
`),
  });
  const error = expectError(
    errors,
    ErrorCode.missingProperty,
    /'web' node does not provide a value for mandatory 'port' property/,
  );
  assert.equal(error.location?.path, 'node_templates.web.properties');
});

test('properties are checked against the type: undefined (106), missing (107), wrong type (105), data types', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': blueprint(`
data_types:
  my.Endpoint:
    properties:
      host: { type: string }
      port: { type: integer, default: 80 }
node_types:
  my.Type:
    derived_from: cloudify.nodes.Root
    properties:
      endpoint: { type: my.Endpoint }
      count: { type: integer, default: 1, constraints: [{ in_range: [1, 3] }] }
      optional: { type: string, required: false }
node_templates:
  a:
    type: my.Type
    properties:
      endpoint: { host: h, port: eighty }
      count: 7
      colour: red
  b:
    type: my.Type
    properties:
      endpoint: { port: 1 }
`),
  });
  assert.deepEqual(
    errors.map((e) => [e.code, e.location?.line, e.location?.path]),
    [
      [ErrorCode.wrongValueType, 21, 'node_templates.a.properties.endpoint.port'],
      [undefined, 22, 'node_templates.a.properties.count'],
      [ErrorCode.undefinedProperty, 23, 'node_templates.a.properties.colour'],
      [ErrorCode.missingProperty, 27, 'node_templates.b.properties.endpoint'],
    ],
    errors.map(brief).join('\n'),
  );
  assert.match(errors[1]!.message, /Value 7 of 'count' violates constraint in_range\(1, 3\)/);
});

test('an unknown type of a property (103) and a default that does not fit (105) are reported on the type', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': blueprint(`
node_types:
  my.Type:
    properties:
      a: { type: strin }
      b: { type: integer, default: many }
`),
  });
  const unknown = expectError(errors, ErrorCode.unknownDataType, /Could not locate type 'strin'/);
  assert.equal(unknown.hint, "did you mean 'string'?");
  expectError(errors, ErrorCode.wrongValueType, /Value 'many' of 'b' does not match its type 'integer'/);
});

test('in node type interfaces operation inputs are schemas: a bare value is a format error (1)', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': blueprint(`
node_types:
  my.Type:
    derived_from: cloudify.nodes.Root
    interfaces:
      cloudify.interfaces.lifecycle:
        start:
          implementation: script.script_runner.tasks.run
          executor: central_deployment_agent
          inputs:
            script_path: scripts/start.js
`),
  });
  const error = expectError(errors, ErrorCode.format, /'script_path' must be a schema map/);
  assert.equal(error.location?.line, 14);
  assert.match(error.hint!, /script_path: \{ default: scripts\/start.js \}/);
});

test('unknown parent types (14) and derivation cycles (100) are reported once each', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': blueprint(`
node_types:
  orphan.Type: { derived_from: cloudify.nodes.Rot }
  a.Type: { derived_from: b.Type }
  b.Type: { derived_from: a.Type }
relationships:
  my.rel: { derived_from: cloudify.relationships.connected_too }
`),
  });
  assert.deepEqual(
    errors.map((e) => e.code).sort(),
    [ErrorCode.unknownParentType, ErrorCode.unknownParentType, ErrorCode.circularDependency].sort(),
  );
  expectError(
    errors,
    ErrorCode.unknownParentType,
    /'cloudify.nodes.Rot' which is declared as derived by node type 'orphan.Type'/,
  );
  expectError(errors, ErrorCode.circularDependency, /a.Type --> b.Type --> a.Type/);
});

test('relationship types merge properties and both interface sides', async (t) => {
  const plan = await planOf(t, {
    'blueprint.yaml': blueprint(`
plugins:
  p: { executor: central_deployment_agent, install: false }
relationships:
  my.connected:
    derived_from: cloudify.relationships.connected_to
    properties:
      weight: { type: integer, default: 2 }
    source_interfaces:
      cloudify.interfaces.relationship_lifecycle:
        establish: p.rel.establish
node_templates:
  a: { type: cloudify.nodes.Root, relationships: [{ type: my.connected, target: b }] }
  b: { type: cloudify.nodes.Root }
`),
  });
  const rel = plan.nodes[0]!.relationships[0]!;
  assert.deepEqual(rel.typeHierarchy, [
    'cloudify.relationships.depends_on',
    'cloudify.relationships.connected_to',
    'my.connected',
  ]);
  assert.deepEqual(rel.properties, { connection_type: 'all_to_all', weight: 2 });
  assert.equal(
    rel.sourceOperations['cloudify.interfaces.relationship_lifecycle.establish']?.operation,
    'rel.establish',
  );
  assert.equal(
    rel.targetOperations['cloudify.interfaces.relationship_lifecycle.establish']?.implementation,
    '',
  );
});
