import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectKeyValues, parseKeyValues } from '../../src/cli/cloudify-local-args.js';

test('-i / -p values: key=value pairs read as YAML, inline mappings, files', async () => {
  assert.deepEqual(parseKeyValues('port=8081', '-i'), { port: 8081 });
  assert.deepEqual(parseKeyValues('name=web;ids=[a, b];on=true;empty=', '-i'), {
    name: 'web',
    ids: ['a', 'b'],
    on: true,
    empty: '',
  });
  assert.deepEqual(parseKeyValues('tag="8081"', '-i'), { tag: '8081' });
  assert.deepEqual(parseKeyValues('url=http://x/?a=b', '-i'), { url: 'http://x/?a=b' });
  assert.deepEqual(parseKeyValues('{port: 1, name: web}', '-p'), { port: 1, name: 'web' });
  const dir = await mkdtemp(join(tmpdir(), 'args-'));
  try {
    await writeFile(join(dir, 'inputs.yaml'), 'port: 9000\nnested: { a: 1 }\n');
    assert.deepEqual(parseKeyValues('inputs.yaml', '-i', dir), { port: 9000, nested: { a: 1 } });
    await writeFile(join(dir, 'list.yaml'), '- 1\n');
    assert.throws(
      () => parseKeyValues('list.yaml', '-i', dir),
      /-i list\.yaml: the file must hold a mapping/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  assert.throws(() => parseKeyValues('nonsense', '-p'), /-p nonsense: not a file, a key=value pair/);
  assert.throws(() => parseKeyValues('=1', '-p'), /'=1' is not key=value/);
  assert.throws(() => parseKeyValues('a=[1', '-p'), /-p a is not valid YAML/);
});

test('repeated options merge, later values win', () => {
  const collect = collectKeyValues('-i');
  assert.deepEqual(collect('b=2', collect('a=1;b=1', undefined)), { a: 1, b: 2 });
});
