#!/usr/bin/env node
// Runs every *.test.ts under test/ and packages/*/test/ with Node's own test runner and tsx.
// Node 20 cannot glob .ts test files itself (reference/toolchain.md pitfall 5), so we list them here.
// Usage: node scripts/run-tests.mjs [substring …]  — only files whose path contains one of the substrings.
//
// Test files that install a generated plugin need packages/sdk packed as npm would publish it. When
// one of them runs, the SDK is packed once, into a fresh temporary folder, and its path handed to
// every test file in CLOUDIFY_PLUGIN_SDK_TARBALL (test/helpers.ts packs it itself when run alone).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SDK_TARBALL_ENV = 'CLOUDIFY_PLUGIN_SDK_TARBALL';
/** What a test file calls to get the tarball (test/helpers.ts). */
const NEEDS_SDK_TARBALL = 'packedSdk(';

const roots = ['test', ...readdirSync('packages').map((p) => join('packages', p, 'test'))];

function findTests(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' || e.name === 'node_modules' ? [] : findTests(path);
    return e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** packages/sdk packed into a new folder (a tarball repacked at the same path confuses npm's cache). */
function packSdk(folder) {
  const sdk = join('packages', 'sdk');
  if (!existsSync(join(sdk, 'dist', 'index.js'))) {
    console.error('packages/sdk is not built: run `npm run build` first (npm test does).');
    process.exit(1);
  }
  const started = Date.now();
  // Without the npm_* variables of an enclosing `npm test`: they would configure this npm too.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_')));
  const packed = spawnSync('npm', ['pack', '--silent', '--pack-destination', folder], {
    cwd: sdk,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const tarball = readdirSync(folder).find((file) => file.endsWith('.tgz'));
  if (packed.status !== 0 || !tarball) {
    console.error(
      `npm pack of packages/sdk failed (exit ${packed.status}): the tests that install a plugin need it.`,
    );
    process.exit(1);
  }
  console.log(`packed packages/sdk in ${Date.now() - started} ms: ${join(folder, tarball)}`);
  return join(folder, tarball);
}

const filters = process.argv.slice(2);
const files = roots
  .flatMap(findTests)
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(', ') || 'test/**/*.test.ts'}`);
  process.exit(1);
}

const env = { ...process.env };
let scratch;
if (!env[SDK_TARBALL_ENV] && files.some((file) => readFileSync(file, 'utf8').includes(NEEDS_SDK_TARBALL))) {
  scratch = mkdtempSync(join(tmpdir(), 'cloudify-plugin-sdk-pack-'));
  env[SDK_TARBALL_ENV] = packSdk(scratch);
}

const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const runner = spawn(
  process.execPath,
  ['--import', 'tsx/esm', '--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...files],
  { stdio: 'inherit', env },
);
// Ctrl-C reaches the runner too (same process group); wait for it, then clean up.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => runner.kill('SIGTERM'));
runner.on('close', (code, signal) => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
