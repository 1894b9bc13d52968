// The subgenerators on generated plugins (not installed, so this is fast): what each one adds, line
// by line, and what each refuses, changing nothing.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { planNodeType, type NodeTypeRequest } from '../generators/lib/grow/add-node-type.js';
import { planOperation, type OperationRequest } from '../generators/lib/grow/add-operation.js';
import { planRelationship } from '../generators/lib/grow/add-relationship.js';
import { checkOnlyAdds } from '../generators/lib/grow/line-additions.js';
import { findPlugin } from '../generators/lib/grow/plugin-folder.js';
import {
  TEMPLATES_ROOT,
  NODE_TYPE,
  addOperation,
  addNodeType,
  addRelationship,
  differences,
  assertRefused,
  MAPPING,
  type PluginYaml,
} from './grow-helpers.js';
import { snapshotTree, YO_KEY, generate, read, record } from './helpers.js';

describe('operation', () => {
  test('adds its code, export, mapping (in the form of the others) and unit test, and touches no other line', async (t) => {
    const dir = await generate(t);
    const before = await snapshotTree(dir);
    const report = await addOperation(dir, { name: 'configure' });
    const after = await snapshotTree(dir);

    assert.deepEqual(differences(before, after), {
      created: ['src/operations/configure.ts', 'test/configure.test.ts'],
      changed: ['.yo-rc.json', 'plugin.yaml', 'src/tasks.ts'],
      removed: [],
    });
    // The mapping lands at the end of the lifecycle interface, which ends the file: every line before stays.
    const pluginYaml = after.get('plugin.yaml') ?? '';
    assert.ok(pluginYaml.startsWith(before.get('plugin.yaml') ?? '-'), 'plugin.yaml only gained lines');
    assert.equal(
      pluginYaml.slice(before.get('plugin.yaml')?.length),
      [
        '        configure:',
        '          implementation: script.script_runner.tasks.run',
        '          executor: central_deployment_agent',
        '          inputs:',
        '            script_path:',
        '              default: plugins/grow-web/plugin.mjs',
        '            process:',
        '              default:',
        '                command_prefix: node',
        '                args: [configure]',
        '',
      ].join('\n'),
    );
    assert.equal(
      after.get('src/tasks.ts'),
      `${before.get('src/tasks.ts')}export { configure } from './operations/configure.js';\n`,
    );
    const code = after.get('src/operations/configure.ts') ?? '';
    assert.match(code, /^\/\/ Operation cloudify\.interfaces\.lifecycle\.configure\n/);
    assert.match(code, /^type WebServer = NodeTypes\['grow_web\.nodes\.WebServer'\];$/m);
    assert.match(
      code,
      /^export const configure = operation<\n {2}WebServer\['properties'\],\n {2}ConfigureRuntime,\n {2}WebServer\['inputs'\]\['configure'\]\n>/m,
    );
    const unitTest = after.get('test/configure.test.ts') ?? '';
    assert.match(unitTest, /^import { configure } from '\.\.\/src\/operations\/configure\.js';$/m);
    assert.match(unitTest, /operation: { name: 'cloudify\.interfaces\.lifecycle\.configure' }/);

    const { files, operations } = await record(dir);
    assert.deepEqual(operations, [
      { name: 'configure', nodeType: NODE_TYPE, operation: 'cloudify.interfaces.lifecycle.configure' },
    ]);
    assert.deepEqual(
      files,
      (JSON.parse(before.get('.yo-rc.json') ?? '{}') as Record<string, Record<string, unknown>>)[YO_KEY]?.[
        'files'
      ],
      'the base of updates stays',
    );
    // Not installed: plugin-types.ts is left for the plugin's build, and the report says so.
    assert.deepEqual(report.notes, [
      'cloudify-plugin-sdk is not installed here: run `npm run build` to refresh src/plugin-types.ts (it is derived from plugin.yaml).',
    ]);
    assert.match(report.next, /^Next: write the operation in src\/operations\/configure\.ts/);
  });

  test('a reserved word such as delete is exported under that name, from a binding of another', async (t) => {
    const dir = await generate(t);
    await addOperation(dir, { name: 'delete' });
    assert.match(await read(dir, 'src/tasks.ts'), /^export { delete } from '\.\/operations\/delete\.js';$/m);
    const code = await read(dir, 'src/operations/delete.ts');
    assert.match(code, /^export const deleteOperation = operation</m);
    assert.match(code, /\nexport { deleteOperation as delete };\n$/);
    assert.match(
      await read(dir, 'test/delete.test.ts'),
      /^import { delete as deleteOperation } from '\.\.\/src\/operations\/delete\.js';$/m,
    );
    const plugin = parseYaml(await read(dir, 'plugin.yaml')) as PluginYaml;
    assert.deepEqual(
      plugin.node_types[NODE_TYPE]?.interfaces?.['cloudify.interfaces.lifecycle']?.['delete'],
      MAPPING('delete'),
    );
  });

  test('on another node type (by the last part of its name), in an interface of its own', async (t) => {
    const dir = await generate(t);
    await addNodeType(dir, { name: 'Database', properties: [], required: [] });
    await addOperation(dir, {
      name: 'backup',
      nodeType: 'Database',
      interfaceName: 'grow_web.interfaces.maintenance',
    });
    // start in a second interface: its inputs are keyed by the full name (as `cloudify-plugin types` keys them).
    await addOperation(dir, {
      name: 'probe',
      interfaceName: 'grow_web.interfaces.monitoring',
      step: 'start',
    });

    const plugin = parseYaml(await read(dir, 'plugin.yaml')) as PluginYaml;
    assert.deepEqual(plugin.node_types['grow_web.nodes.Database']?.interfaces, {
      'grow_web.interfaces.maintenance': { backup: MAPPING('backup') },
    });
    assert.deepEqual(plugin.node_types[NODE_TYPE]?.interfaces?.['grow_web.interfaces.monitoring'], {
      start: MAPPING('probe'),
    });
    assert.match(
      await read(dir, 'src/operations/backup.ts'),
      /type Database = NodeTypes\['grow_web\.nodes\.Database'\];[\s\S]*Database\['inputs'\]\['backup'\]/,
    );
    assert.match(
      await read(dir, 'src/operations/probe.ts'),
      /WebServer\['inputs'\]\['grow_web\.interfaces\.monitoring\.start'\]/,
    );
  });

  test('refuses an invalid or taken name, an unknown step, node type or interface, and changes nothing', async (t) => {
    const dir = await generate(t);
    await mkdir(join(dir, 'src', 'operations'), { recursive: true });
    await writeFile(join(dir, 'src', 'operations', 'helper.ts'), 'export const helper = 1;\n');
    const cases: [OperationRequest, RegExp][] = [
      [
        { name: '2fast' },
        /^The operation name "2fast" is not valid: use letters, digits and _, not starting with a digit/,
      ],
      [{ name: 'default' }, /"default" is not valid: it would be the module's default export/],
      [
        { name: 'start' },
        /^There is an operation named "start" already \(plugin\.yaml:29:24 runs it\): choose another name\.$/,
      ],
      [
        { name: 'helper' },
        /^There is an operation named "helper" already \(src\/operations\/helper\.ts exists\)/,
      ],
      [
        { name: 'healthCheck' },
        /^cloudify\.interfaces\.lifecycle has no operation "health_check", so no workflow would run it\. Pass --lifecycle-step with one of precreate, create, configure,/,
      ],
      [
        { name: 'restart', step: 'stop' },
        /^grow_web\.nodes\.WebServer maps cloudify\.interfaces\.lifecycle\.stop already \(plugin\.yaml:30:9\): pass another --lifecycle-step or --node-type\.$/,
      ],
      [
        { name: 'backup', nodeType: 'Nope', step: 'create' },
        /^--node-type "Nope" is not a node type declared in plugin\.yaml \(declared: grow_web\.nodes\.WebServer\)\./,
      ],
      [{ name: 'backup', interfaceName: 'bad..name' }, /^--interface "bad\.\.name" is not valid/],
      [
        { name: 'backup', interfaceName: 'my.ops', step: 'back-up' },
        /^--lifecycle-step "back-up" is not valid/,
      ],
    ];
    for (const [request, message] of cases) {
      const plugin = findPlugin(dir);
      await assertRefused(dir, () => planOperation(plugin, request, TEMPLATES_ROOT), message);
    }
  });
});

describe('node-type', () => {
  test('adds the type with its properties to plugin.yaml, and a node template to the test blueprint', async (t) => {
    const dir = await generate(t);
    const before = await snapshotTree(dir);
    const report = await addNodeType(dir, {
      name: 'Database',
      properties: [
        'host:string=localhost',
        'port:integer=5432',
        'password:string',
        'tags:list=[a, b]',
        'note:string',
      ],
      required: ['password'],
    });
    const after = await snapshotTree(dir);
    assert.deepEqual(differences(before, after), {
      created: [],
      changed: ['.yo-rc.json', 'plugin.yaml', 'test/blueprint/blueprint.yaml'],
      removed: [],
    });
    for (const path of ['plugin.yaml', 'test/blueprint/blueprint.yaml']) {
      assert.ok(checkOnlyAdds(before.get(path) ?? '', after.get(path) ?? '').ok, `${path} only gained lines`);
    }
    const plugin = parseYaml(after.get('plugin.yaml') ?? '') as PluginYaml;
    assert.deepEqual(plugin.node_types['grow_web.nodes.Database'], {
      derived_from: 'cloudify.nodes.Root',
      properties: {
        host: { type: 'string', default: 'localhost' },
        port: { type: 'integer', default: 5432 },
        password: { type: 'string', required: true },
        tags: { type: 'list', default: ['a', 'b'] },
        note: { type: 'string', required: false },
      },
    });
    const blueprint = parseYaml(after.get('test/blueprint/blueprint.yaml') ?? '') as {
      node_templates: Record<string, unknown>;
    };
    assert.deepEqual(blueprint.node_templates['database'], {
      type: 'grow_web.nodes.Database',
      properties: { host: 'localhost', port: 5432, password: '', tags: ['a', 'b'] },
    });
    assert.deepEqual((await record(dir))['nodeTypes'], [
      {
        name: 'grow_web.nodes.Database',
        derivedFrom: 'cloudify.nodes.Root',
        properties: ['host', 'port', 'password', 'tags', 'note'],
        nodeTemplate: 'database',
      },
    ]);
    assert.match(
      report.title,
      /^node type grow_web\.nodes\.Database \(derived from cloudify\.nodes\.Root\)$/,
    );

    // A second type of the same last name gets the next free node template name.
    await addNodeType(dir, {
      name: 'other.nodes.Database',
      derivedFrom: 'cloudify.nodes.DBMS',
      properties: [],
      required: [],
    });
    const second = parseYaml(await read(dir, 'test/blueprint/blueprint.yaml')) as {
      node_templates: Record<string, unknown>;
    };
    assert.deepEqual(second.node_templates['database_2'], { type: 'other.nodes.Database' });
  });

  test('refuses a bad name, property, default or --required, and a type that exists; changes nothing', async (t) => {
    const dir = await generate(t);
    const cases: [Partial<NodeTypeRequest>, RegExp][] = [
      [{ name: 'bad name' }, /^The node type name "bad name" is not valid/],
      [{ name: 'cloudify.nodes.Mine' }, /in Cloudify's reserved cloudify\. namespace/],
      [
        { name: NODE_TYPE },
        /^plugin\.yaml declares the node type grow_web\.nodes\.WebServer already \(plugin\.yaml:8:3\): choose another name\.$/,
      ],
      [{ name: 'WebServer' }, /declares the node type grow_web\.nodes\.WebServer already/],
      [{ derivedFrom: 'Root' }, /^--derived-from "Root" is not a type name: use a dotted name/],
      [
        { properties: ['port:integr'] },
        /^--property port:integr: the type "integr" is not valid: use one of string, integer, float, boolean, list, dict, regex, textarea/,
      ],
      [{ properties: ['port'] }, /^--property port: write it as name:type or name:type=default/],
      [
        { properties: ['port:integer=80x'] },
        /^--property port:integer=80x: the default "80x" is not an integer/,
      ],
      [{ properties: ['ssl:boolean=yes'] }, /the default "yes" is not true or false/],
      [{ properties: ['hosts:list={a: 1}'] }, /the default "\{a: 1\}" is not a list/],
      [{ properties: ['a:string', 'a:integer'] }, /^--property a is given twice/],
      [{ properties: ['a:string'], required: ['b'] }, /^--required b: there is no --property b/],
    ];
    for (const [request, message] of cases) {
      const plugin = findPlugin(dir);
      const full = { name: 'Cache', properties: [], required: [], ...request };
      await assertRefused(dir, () => planNodeType(plugin, full), message);
    }
  });
});

describe('relationship', () => {
  test('adds the type with operations on both ends, each with its code, export and test', async (t) => {
    const dir = await generate(t);
    const before = await snapshotTree(dir);
    await addRelationship(dir, {
      name: 'ConnectedToDatabase',
      sourceOperations: ['establish', 'unlink'],
      targetOperations: ['establish'],
    });
    const after = await snapshotTree(dir);
    const exports = [
      'connectedToDatabaseSourceEstablish',
      'connectedToDatabaseSourceUnlink',
      'connectedToDatabaseTargetEstablish',
    ];
    const files = [
      'connected-to-database-source-establish',
      'connected-to-database-source-unlink',
      'connected-to-database-target-establish',
    ];
    assert.deepEqual(differences(before, after), {
      created: [
        ...files.map((file) => `src/operations/${file}.ts`),
        ...files.map((file) => `test/${file}.test.ts`),
      ].sort(),
      changed: ['.yo-rc.json', 'plugin.yaml', 'src/tasks.ts'],
      removed: [],
    });
    const plugin = parseYaml(after.get('plugin.yaml') ?? '') as PluginYaml;
    const lifecycle = 'cloudify.interfaces.relationship_lifecycle';
    assert.deepEqual(plugin.relationships?.['grow_web.relationships.ConnectedToDatabase'], {
      derived_from: 'cloudify.relationships.connected_to',
      source_interfaces: {
        [lifecycle]: { establish: MAPPING(exports[0] ?? ''), unlink: MAPPING(exports[1] ?? '') },
      },
      target_interfaces: { [lifecycle]: { establish: MAPPING(exports[2] ?? '') } },
    });
    assert.equal(
      after.get('src/tasks.ts'),
      before.get('src/tasks.ts') +
        exports.map((name, i) => `export { ${name} } from './operations/${files[i] ?? ''}.js';\n`).join(''),
    );
    assert.match(
      after.get(`src/operations/${files[2] ?? ''}.ts`) ?? '',
      /^export const connectedToDatabaseTargetEstablish = relationshipOperation\(/m,
    );
    assert.match(after.get(`test/${files[2] ?? ''}.test.ts`) ?? '', /relationship: 'target'/);
    assert.deepEqual((await record(dir))['relationships'], [
      {
        name: 'grow_web.relationships.ConnectedToDatabase',
        derivedFrom: 'cloudify.relationships.connected_to',
        operations: exports.map((name, i) => ({
          name,
          side: i < 2 ? 'source' : 'target',
          operation: `${lifecycle}.${i === 1 ? 'unlink' : 'establish'}`,
        })),
      },
    ]);

    const plugin2 = findPlugin(dir);
    await assertRefused(
      dir,
      () =>
        planRelationship(
          plugin2,
          { name: 'ConnectedToDatabase', sourceOperations: [], targetOperations: [] },
          TEMPLATES_ROOT,
        ),
      /^plugin\.yaml declares the relationship type grow_web\.relationships\.ConnectedToDatabase already \(plugin\.yaml:\d+:\d+\)/,
    );
    await assertRefused(
      dir,
      () =>
        planRelationship(
          plugin2,
          { name: 'Uses', sourceOperations: ['bogus'], targetOperations: [] },
          TEMPLATES_ROOT,
        ),
      /^--source-operation "bogus": cloudify\.interfaces\.relationship_lifecycle has no such operation; use one of preconfigure, postconfigure, establish, unlink, update, check_drift\.$/,
    );
    await assertRefused(
      dir,
      () =>
        planRelationship(
          plugin2,
          { name: 'Uses', sourceOperations: [], targetOperations: ['unlink', 'unlink'] },
          TEMPLATES_ROOT,
        ),
      /^--target-operation unlink is given twice/,
    );
  });
});
