import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkPluginName, PLUGIN_NAME_RULE } from '../generators/lib/validation.js';
import { runGenerator } from './helpers.js';

/** Each invalid name, and what the message must say was wrong with it. */
const INVALID_NAMES: [string, RegExp][] = [
  ['my_plugin', /contains underscores/],
  ['My-Plugin', /contains upper-case letters/],
  ['../x', /npm says: name cannot start with a period/],
  ['', /The plugin name is not valid: it is empty/],
  ['a'.repeat(215), /more than 214 characters/],
  ['my plugin', /contains spaces/],
  ['@acme/web', /has a scope or a slash/],
];

/** The prompt runs `validate` on what was typed; yeoman-test's dummy prompt does not, so we do. */
function validatingAnswer(answer: unknown, { question }: { question: unknown }): unknown {
  const { validate } = question as { validate?: (input: unknown) => true | string };
  const verdict = validate?.(answer) ?? true;
  if (verdict !== true) throw new Error(verdict);
  return answer;
}

describe('plugin name rule', () => {
  for (const [name, defect] of INVALID_NAMES) {
    test(`rejects ${JSON.stringify(name.slice(0, 20))} and states the rule`, () => {
      const result = checkPluginName(name);
      assert.equal(result.ok, false);
      assert.ok(!result.ok);
      assert.match(result.problem, defect);
      assert.ok(
        result.problem.includes('Use lowercase letters, digits and dashes, e.g. my-plugin'),
        result.problem,
      );
    });
  }

  test('accepts valid names', () => {
    for (const name of ['my-plugin', 'web2', 'cloudify-aws-plugin', 'x.y']) {
      assert.deepEqual(checkPluginName(name), { ok: true, value: name });
    }
  });

  test('the rule names the allowed characters and an example', () => {
    assert.match(PLUGIN_NAME_RULE, /lowercase letters, digits and dashes, e\.g\. my-plugin/);
  });
});

describe('plugin name through the prompt', () => {
  for (const [name, defect] of INVALID_NAMES) {
    test(`a typed ${JSON.stringify(name.slice(0, 20))} is refused with the rule`, async (t) => {
      await assert.rejects(
        runGenerator(t)
          .withOptions({ interactive: true, skipInstall: true, git: false } as never)
          .withAnswers({ name }, { callback: validatingAnswer }),
        (error: Error) => {
          assert.match(error.message, defect);
          assert.match(error.message, /Use lowercase letters, digits and dashes, e\.g\. my-plugin/);
          return true;
        },
      );
    });
  }

  test('a valid typed name is taken, and every question is asked', async (t) => {
    const result = await runGenerator(t)
      .withOptions({ interactive: true, skipInstall: true, git: false } as never)
      .withAnswers({ name: 'typed-plugin' }, { callback: validatingAnswer });
    result.assertJsonFileContent('typed-plugin/package.json', { name: 'typed-plugin' });
    assert.deepEqual(
      result.askedQuestions.map((question) => question.name),
      ['name', 'description', 'author', 'license', 'nodeType', 'port', 'packageManager'],
    );
  });
});

describe('plugin name through the --name flag', () => {
  for (const [name, defect] of INVALID_NAMES) {
    test(`--name ${JSON.stringify(name.slice(0, 20))} is refused with the rule`, async (t) => {
      await assert.rejects(
        runGenerator(t).withOptions({ name, yes: true, skipInstall: true, git: false } as never),
        (error: Error) => {
          assert.equal(error.name, 'UsageError');
          assert.match(error.message, /^--name: /);
          assert.match(error.message, defect);
          assert.match(error.message, /Use lowercase letters, digits and dashes, e\.g\. my-plugin/);
          return true;
        },
      );
    });
  }
});
