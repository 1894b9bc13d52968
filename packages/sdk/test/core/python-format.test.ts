// Python's text forms: the exact strings Python's json.dumps / str() / repr() give (checked with
// CPython 3.11).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatPythonFloat,
  isPythonFalsy,
  pythonJsonDumps,
  pythonRepr,
  pythonStr,
} from '../../src/proxy/python-format.js';

test('json.dumps: separators, ASCII escapes, nesting', () => {
  assert.equal(
    pythonJsonDumps({ args: ['node', 'properties', 'port'] }),
    '{"args": ["node", "properties", "port"]}',
  );
  assert.equal(pythonJsonDumps({ a: [1, true, null], b: {} }), '{"a": [1, true, null], "b": {}}');
  assert.equal(pythonJsonDumps('é\u2713😀'), '"\\u00e9\\u2713\\ud83d\\ude00"');
  assert.equal(pythonJsonDumps('tab\t"q"\\'), '"tab\\t\\"q\\"\\\\"');
  assert.equal(pythonJsonDumps([]), '[]');
  assert.equal(pythonJsonDumps(0.5), '0.5');
  assert.equal(pythonJsonDumps(1e-7), '1e-07');
});

test('float repr: fixed between 1e-4 and 1e16, exponent outside', () => {
  const cases: [number, string][] = [
    [1.5, '1.5'],
    [-0.25, '-0.25'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.2345e-10, '1.2345e-10'],
    [123.456, '123.456'],
    [1e22, '1e+22'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [1, '1.0'],
    [Infinity, 'inf'],
  ];
  for (const [value, expected] of cases) assert.equal(formatPythonFloat(value), expected, String(value));
});

test('repr: quotes, escapes, True/False/None, containers', () => {
  assert.equal(
    pythonRepr({ b: 1, s: 'x', l: [1, 'a', null, true, false] }),
    "{'b': 1, 's': 'x', 'l': [1, 'a', None, True, False]}",
  );
  assert.equal(pythonRepr("it's"), '"it\'s"');
  assert.equal(pythonRepr('say "hi" it\'s'), "'say \"hi\" it\\'s'");
  assert.equal(pythonRepr('a\nb\\c\u0001\u00a0é'), "'a\\nb\\\\c\\x01\\xa0é'");
  assert.equal(pythonRepr('\u2028'), "'\\u2028'");
  assert.equal(pythonRepr(2.5), '2.5');
});

test('str: a string as itself, anything else as repr; Python truthiness', () => {
  assert.equal(pythonStr('plain text'), 'plain text');
  assert.equal(pythonStr(['plain text']), "['plain text']");
  assert.equal(pythonStr(true), 'True');
  for (const falsy of [null, false, 0, '', [], {}])
    assert.equal(isPythonFalsy(falsy), true, JSON.stringify(falsy));
  for (const truthy of [true, 1, -1, 'x', [0], { a: null }])
    assert.equal(isPythonFalsy(truthy), false, JSON.stringify(truthy));
});
