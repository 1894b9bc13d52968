import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import { PluginTypesError, formatPluginYamlErrors, generatePluginTypes } from '../../src/typegen/index.js';
import { baseNames, pascalCase } from '../../src/typegen/names.js';
import { declarationOf, fieldsOf, pluginFolder } from './helpers.js';

const TEMPLATE_PRETTIER = fileURLToPath(
  new URL('../../../../templates/plugin/.prettierrc.json', import.meta.url),
);
const ROOT_PRETTIER = fileURLToPath(new URL('../../../../node_modules/prettier', import.meta.url));

/** Generated content for a fixture copied to a temp folder (no prettier resolvable there). */
async function generated(t: TestContext, fixture: string): Promise<string> {
  const dir = pluginFolder(t, fixture);
  const result = await generatePluginTypes({ cwd: dir });
  assert.equal(result.prettierPath, undefined, 'the temp folder must not see a prettier');
  return result.content;
}

describe('types derived from plugin.yaml', () => {
  test('node properties: inherited ones, overrides, defaults against required flags, DSL types', async (t) => {
    const content = await generated(t, 'full');
    assert.deepEqual(fieldsOf(content, 'WebServerProperties'), [
      ['use_external_resource', false, 'boolean'],
      ['resource_id', false, 'string'],
      ['port', false, 'number'],
      ['document_root', false, 'unknown'],
      ['tags', false, 'string[]'],
      ['backends', true, 'Endpoint[]'],
      ['options', false, 'Record<string, unknown>'],
      ['proxy', true, 'TlsEndpoint'],
      ['weight', false, 'number | null'],
      ['anything', true, 'unknown'],
    ]);
    // Derived in the same file; `port` re-declared without default is mandatory (no `?`).
    assert.deepEqual(fieldsOf(content, 'TlsWebServerProperties').slice(2, 3), [['port', false, 'number']]);
    assert.deepEqual(fieldsOf(content, 'TlsWebServerProperties').at(-1), ['certificate', false, 'string']);
  });

  test('descriptions and defaults become JSDoc', async (t) => {
    const content = await generated(t, 'full');
    assert.ok(
      content.includes(
        '  /**\n   * TCP port the web server listens on.\n   * @default 8000\n   */\n  readonly port: number;',
      ),
    );
    assert.ok(
      content.includes(
        '  /**\n   * Folder served as /.\n   * Created when missing.\n   */\n  readonly document_root',
      ),
    );
    assert.ok(content.includes('  /** @default {"gzip":true} */\n  readonly options'));
    assert.ok(
      content.includes('/** `ctx.node.properties` of node type `demo.nodes.TlsWebServer` (derived from'),
    );
  });

  test('data types get their own types, with inherited properties', async (t) => {
    const content = await generated(t, 'full');
    assert.deepEqual(fieldsOf(content, 'Endpoint'), [
      ['host', false, 'string'],
      ['port', false, 'number'],
    ]);
    assert.deepEqual(fieldsOf(content, 'TlsEndpoint'), [
      ['host', false, 'string'],
      ['port', false, 'number'],
      ['ca_cert', true, 'string'],
    ]);
    assert.ok(content.includes('/** Where a service answers. */\nexport type Endpoint = {'));
  });

  test("operation inputs, without the script runner's own", async (t) => {
    const content = await generated(t, 'full');
    // `start` is mapped in two interfaces: names and keys say which.
    assert.deepEqual(fieldsOf(content, 'WebServerLifecycleStartInputs'), [
      ['greeting', false, 'string'],
      ['retries', true, 'number'],
    ]);
    assert.equal(
      declarationOf(content, 'WebServerStopInputs'),
      'export type WebServerStopInputs = Record<never, never>;',
    );
    // A plugin task (not the script runner) keeps an input called `process`.
    assert.deepEqual(fieldsOf(content, 'TlsWebServerRotateInputs'), [['process', false, 'string']]);
    assert.ok(
      declarationOf(content, 'NodeTypes').includes(
        "  'demo.nodes.WebServer': {\n    properties: WebServerProperties;\n    inputs: {\n" +
          "      'cloudify.interfaces.lifecycle.start': WebServerLifecycleStartInputs;\n" +
          '      stop: WebServerStopInputs;\n' +
          "      'cloudify.interfaces.monitoring.start': WebServerMonitoringStartInputs;\n    };\n  };",
      ),
    );
  });

  test('the generated plugin: one name per operation, keyed by operation name', async (t) => {
    const content = await generated(t, 'webserver');
    assert.deepEqual(fieldsOf(content, 'WebServerStartInputs'), [
      ['greeting', false, 'string'],
      ['attempts', false, 'number'],
    ]);
    assert.equal(
      declarationOf(content, 'NodeTypes'),
      [
        'export type NodeTypes = {',
        "  'web_plugin.nodes.WebServer': {",
        '    properties: WebServerProperties;',
        '    inputs: {',
        '      start: WebServerStartInputs;',
        '      stop: WebServerStopInputs;',
        '    };',
        '  };',
        '};',
      ].join('\n'),
    );
    assert.match(
      content,
      /^\/\/ Generated from \.\.\/plugin\.yaml by `cloudify-plugin types`: do not edit\.\n/,
    );
    assert.equal(
      declarationOf(content, 'RelationshipTypes'),
      'export type RelationshipTypes = Record<never, never>;',
    );
  });

  test('types sharing a last segment are told apart; odd property names are quoted', async (t) => {
    const content = await generated(t, 'full');
    assert.deepEqual(fieldsOf(content, 'AlphaNodesServerProperties').length, 2);
    assert.deepEqual(fieldsOf(content, 'BetaNodesServerProperties').at(-1), [
      "'max-connections'",
      false,
      'number',
    ]);
    assert.doesNotMatch(content, /export type ServerProperties/);
    assert.ok(
      content.includes(
        '   * Connections served at once; a comment end (*\\/) here must not end the JSDoc.\n',
      ),
    );
  });

  test('relationship types: properties (inherited too) and source/target operation inputs', async (t) => {
    const content = await generated(t, 'full');
    assert.deepEqual(fieldsOf(content, 'ProxiesToProperties'), [
      ['connection_type', false, 'string'],
      ['path_prefix', false, 'string'],
    ]);
    assert.deepEqual(fieldsOf(content, 'ProxiesToSourceEstablishInputs'), [['timeout', false, 'number']]);
    assert.ok(
      declarationOf(content, 'RelationshipTypes').includes(
        '    sourceInputs: {\n      establish: ProxiesToSourceEstablishInputs;\n    };\n' +
          '    targetInputs: Record<never, never>;',
      ),
    );
  });

  test('deterministic, and prettier-clean for the plugin template config without prettier', async (t) => {
    const first = await generated(t, 'full');
    assert.equal(await generated(t, 'full'), first);
    const config = JSON.parse(readFileSync(TEMPLATE_PRETTIER, 'utf8')) as Record<string, unknown>;
    for (const printWidth of [80, config.printWidth as number, 120]) {
      const formatted = await format(first, { ...config, printWidth, parser: 'typescript' });
      assert.equal(formatted, first, `printWidth ${printWidth}`);
    }
  });

  test("formatted by the plugin's own prettier and config when it has them", async (t) => {
    const dir = pluginFolder(t, 'webserver');
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT_PRETTIER, join(dir, 'node_modules', 'prettier'), 'dir');
    writeFileSync(join(dir, '.prettierrc.json'), JSON.stringify({ semi: false, singleQuote: false }));
    const result = await generatePluginTypes({ cwd: dir });
    assert.ok(result.prettierPath?.includes('prettier'));
    assert.ok(result.content.includes('  readonly port: number\n'));
    assert.ok(result.content.includes('  "web_plugin.nodes.WebServer": {\n'));
  });
});

describe('plugin.yaml problems', () => {
  test('a broken prettier configuration is reported, not a crash', async (t) => {
    const dir = pluginFolder(t, 'webserver');
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT_PRETTIER, join(dir, 'node_modules', 'prettier'), 'dir');
    writeFileSync(join(dir, '.prettierrc.json'), '{ "semi": ');
    await assert.rejects(generatePluginTypes({ cwd: dir }), {
      name: 'PluginTypesError',
      message: /^Cannot read the prettier configuration that applies to .*plugin-types\.ts: .*Fix it/,
    });
  });

  test('every error, located in plugin.yaml', async (t) => {
    const dir = pluginFolder(t, 'invalid');
    const error = await generatePluginTypes({ cwd: dir }).then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof PluginTypesError);
    assert.equal(error.message, 'plugin.yaml: 2 errors; fix them, then run `cloudify-plugin types` again');
    const lines = formatPluginYamlErrors(error, dir);
    assert.equal(lines.length, 2);
    assert.match(
      lines[0]!,
      /^plugin\.yaml:4:19: Missing definition for node type 'cloudify\.nodes\.SoftwareComponnt'.*\[err_code 14\].*did you mean 'cloudify\.nodes\.SoftwareComponent'/,
    );
    assert.match(
      lines[1]!,
      /^plugin\.yaml:8:7: Could not locate type 'integr'.*\[err_code 103\].*did you mean 'integer'/,
    );
  });

  test('a missing plugin.yaml says where it looked and what to do', async (t) => {
    const dir = pluginFolder(t, 'webserver');
    await assert.rejects(generatePluginTypes({ cwd: dir, pluginYaml: 'nope/plugin.yaml' }), {
      name: 'PluginTypesError',
      message:
        "nope/plugin.yaml not found: run this in the plugin's root folder, or pass --plugin-yaml <file>",
    });
  });
});

describe('names', () => {
  test('PascalCase of DSL names', () => {
    assert.equal(pascalCase('WebServer'), 'WebServer');
    assert.equal(pascalCase('update_config'), 'UpdateConfig');
    assert.equal(pascalCase('proxies-to'), 'ProxiesTo');
    assert.equal(pascalCase('1st'), '_1st');
  });

  test('earlier segments only where last segments clash; globals are not shadowed', () => {
    const names = baseNames([
      'a.nodes.Server',
      'b.nodes.Server',
      'c.nodes.Client',
      'x.types.Record',
      'Server',
    ]);
    assert.deepEqual(Object.fromEntries(names), {
      'a.nodes.Server': 'ANodesServer',
      'b.nodes.Server': 'BNodesServer',
      'c.nodes.Client': 'Client',
      'x.types.Record': 'TypesRecord',
      Server: 'Server',
    });
    assert.deepEqual([...baseNames(['a.b-c', 'a.b_c']).values()], ['ABC', 'ABC2']);
  });
});
