import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ErrorCode, validateBlueprint } from '../../src/dsl/index.js';
import { blueprint, brief, expectError, loadErrors, planErrors, planOf, writeFiles } from './helpers.js';

const declared = blueprint(`
data_types:
  my.Endpoint:
    properties:
      host: { type: string }
      port: { type: integer, default: 443 }
inputs:
  name:
    type: string
    description: the service name
    constraints:
      - pattern: '[a-z]+'
      - max_length: 8
  port:
    type: integer
    default: 8080
    constraints: [{ in_range: [1024, 65535] }]
  mode:
    default: fast
    constraints: [{ valid_values: [fast, safe] }]
  tags: { type: list, item_type: string, default: [] }
  endpoint: { type: my.Endpoint, default: { host: example.com } }
  note: { type: string, required: false }
node_templates:
  n:
    type: cloudify.nodes.Root
`);

test('inputs get defaults, data-type defaults and null for optional inputs left out', async (t) => {
  const plan = await planOf(t, { 'blueprint.yaml': declared }, { name: 'web', tags: ['a'] });
  assert.deepEqual(plan.inputs, {
    name: 'web',
    port: 8080,
    mode: 'fast',
    tags: ['a'],
    endpoint: { host: 'example.com', port: 443 },
    note: null,
  });
});

test('missing required, unknown, wrongly typed and constraint-violating inputs are all reported', async (t) => {
  const errors = await planErrors(
    t,
    { 'blueprint.yaml': declared },
    { prot: 1, port: 80, mode: 'slow', tags: [1], endpoint: { port: 1 } },
  );
  const missing = expectError(
    errors,
    undefined,
    /Required input 'name' was not specified \(the service name\)/,
  );
  assert.deepEqual([missing.location?.line, missing.location?.path], [11, 'inputs.name']);
  assert.match(missing.hint!, /-i name=<value>/);
  const unknown = expectError(errors, undefined, /Unknown input 'prot' specified/);
  assert.equal(unknown.hint, "did you mean 'port'?");
  expectError(errors, undefined, /Value 80 of 'port' violates constraint in_range\(1024, 65535\)/);
  expectError(errors, undefined, /Value 'slow' of 'mode' violates constraint valid_values\(fast, safe\)/);
  expectError(errors, ErrorCode.wrongValueType, /Value 1 of 'tags\[0\]' does not match its type 'string'/);
  expectError(
    errors,
    ErrorCode.missingProperty,
    /Data type 'my.Endpoint' needs a value for its mandatory 'host' property/,
  );
  assert.equal(errors.length, 6, errors.map(brief).join('\n'));
});

test('every constraint operator checks what Cloudify checks', async (t) => {
  const files = {
    'blueprint.yaml': blueprint(`
inputs:
  eq: { constraints: [{ equal: 3 }] }
  gt: { constraints: [{ greater_than: 3 }] }
  ge: { constraints: [{ greater_or_equal: 3 }] }
  lt: { constraints: [{ less_than: 3 }] }
  le: { constraints: [{ less_or_equal: 3 }] }
  len: { constraints: [{ length: 2 }] }
  minlen: { constraints: [{ min_length: 2 }] }
  maxlen: { constraints: [{ max_length: 2 }] }
  pat: { constraints: [{ pattern: 'ab+' }] }
`),
  };
  const good = {
    eq: 3,
    gt: 4,
    ge: 3,
    lt: 2,
    le: 3,
    len: 'ab',
    minlen: [1, 2, 3],
    maxlen: { a: 1 },
    pat: 'abbb',
  };
  assert.deepEqual((await planErrors(t, files, good)).map(brief), []);
  const bad = { eq: 4, gt: 3, ge: 2, lt: 3, le: 4, len: 'abc', minlen: [1], maxlen: 'abc', pat: 'abbbc' };
  const errors = await planErrors(t, files, bad);
  assert.deepEqual(
    errors.map((e) => e.location?.path).sort(),
    Object.keys(bad)
      .map((k) => `inputs.${k}`)
      .sort(),
  );
  const incomparable = await planErrors(t, files, { ...good, gt: 'x', len: 5 });
  expectError(
    incomparable,
    undefined,
    /of 'gt' violates constraint greater_than\(3\) \(value is not comparable with 3\)/,
  );
  expectError(
    incomparable,
    undefined,
    /of 'len' violates constraint length\(2\) \(the length of an integer \(5\) cannot be computed\)/,
  );
});

test('constraint definitions are checked when the blueprint loads (212, 1) and defaults must satisfy them', async (t) => {
  const errors = await loadErrors(t, {
    'blueprint.yaml': blueprint(`
inputs:
  a: { constraints: [{ in_range: [1] }] }
  b: { constraints: [{ shorter_than: 3 }] }
  c: { default: 5, constraints: [{ less_than: 3 }] }
  d: { default: { get_input: a }, constraints: [{ less_than: 3 }] }
`),
  });
  expectError(
    errors,
    ErrorCode.invalidConstraintArgument,
    /Invalid constraint operator argument \[1\], for constraint operator 'in_range'/,
  );
  expectError(errors, ErrorCode.format, /Unknown constraint operator 'shorter_than'/);
  const badDefault = expectError(errors, undefined, /Value 5 of 'c' violates constraint less_than\(3\)/);
  assert.equal(badDefault.location?.path, 'inputs.c.default');
  expectError(
    errors,
    ErrorCode.inputWithFunctionsAndConstraints,
    /Input 'd' cannot contain an intrinsic function and also have constraints/,
  );
});

test('validateBlueprint without inputs checks the blueprint alone; with inputs, them too', async (t) => {
  const dir = writeFiles(t, { 'blueprint.yaml': declared });
  const path = join(dir, 'blueprint.yaml');
  assert.deepEqual(await validateBlueprint(path), []);
  const errors = await validateBlueprint(path, { port: 1 });
  assert.deepEqual(errors.map((e) => e.message.slice(0, 30)).sort(), [
    "Required input 'name' was not ",
    "Value 1 of 'port' violates con",
  ]);
});
