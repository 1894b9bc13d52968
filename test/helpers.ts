// Shared by the generator tests: where things are, a yeoman-test run of the generator from source,
// temporary folders that clean themselves up, and real runs of the create-cloudify-plugin bin.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import helpers from 'yeoman-test';
import CloudifyPluginGenerator from '../generators/app/index.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TEMPLATES_DIR = join(ROOT, 'templates', 'plugin');
export const CREATE_BIN = join(ROOT, 'packages', 'create-cloudify-plugin', 'dist', 'cli.js');
const GENERATOR_SOURCE = join(ROOT, 'generators', 'app', 'index.ts');

/**
 * A yeoman-test run of the generator from its TypeScript source. The class form is needed: given
 * a path, yeoman-environment require()s it, which Node 20 does without the tsx loader. Each run is
 * cleaned up when its test ends (yeoman-test's own clean-up would remove it at the next run).
 */
const ORIGINAL_CWD = process.cwd();

export function runGenerator(t: TestContext): ReturnType<typeof helpers.run> {
  const context = helpers.run(CloudifyPluginGenerator, {
    resolved: GENERATOR_SOURCE,
    namespace: 'cloudify-plugin:app',
    autoCleanup: false,
  });
  t.after(async () => {
    // Not context.cleanup(): it returns to the cwd the run started in, which may be gone by now.
    process.chdir(ORIGINAL_CWD);
    const { temporaryDir } = context as unknown as { temporaryDir?: string };
    if (temporaryDir) await rm(temporaryDir, { recursive: true, force: true });
  });
  return context;
}

export async function tempDir(t: TestContext, prefix = 'cloudify-plugin-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file under `dir`, as sorted posix paths relative to it; folders named in `skip` are left out. */
export async function listFiles(
  dir: string,
  base = '',
  skip: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const entries = await readdir(join(dir, base), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = base ? posix.join(base, entry.name) : entry.name;
      if (entry.isDirectory()) return skip.has(entry.name) ? Promise.resolve([]) : listFiles(dir, path, skip);
      return Promise.resolve([path]);
    }),
  );
  return nested.flat().sort();
}

/** Every file of a plugin with its content (not node_modules, dist or .git): what "changes nothing" compares. */
export async function snapshotTree(dir: string): Promise<Map<string, string>> {
  const files = await listFiles(dir, '', new Set(['node_modules', 'dist', '.git']));
  return new Map(
    await Promise.all(files.map(async (path) => [path, await readFile(join(dir, path), 'utf8')] as const)),
  );
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** Runs a command with stdin closed (or fed `input`), as CI or an agent would; kills it after `timeoutMs`. */
export function runProcess(
  command: string,
  args: readonly string[],
  {
    cwd,
    env = process.env,
    timeoutMs = 60_000,
    input,
  }: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string },
): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => undefined); // the command may exit without reading it
    child.stdin.end(input ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, elapsedMs: Date.now() - started });
    });
  });
}

/** The key of the generator's answers in a plugin's .yo-rc.json. */
export const YO_KEY = 'generator-cloudify-plugin';

/** A plugin generated in-process (yeoman-test): no install, no git, so fast. Returns its folder. */
export async function generate(t: TestContext, name = 'grow-web'): Promise<string> {
  const result = await runGenerator(t).withOptions({
    name,
    yes: true,
    skipInstall: true,
    git: false,
    force: false,
  } as never);
  return join(result.cwd, name);
}

export const read = (dir: string, path: string) => readFile(join(dir, path), 'utf8');

export async function record(dir: string): Promise<Record<string, unknown>> {
  const yoRc = JSON.parse(await read(dir, '.yo-rc.json')) as Record<string, Record<string, unknown>>;
  return yoRc[YO_KEY] ?? {};
}

/** create-cloudify-plugin as a user runs it, built (npm test builds first). */
export function runCreate(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<ProcessResult> {
  if (!existsSync(CREATE_BIN)) {
    throw new Error(`${CREATE_BIN} is missing: run \`npm run build\` first (npm test does).`);
  }
  return runProcess(process.execPath, [CREATE_BIN, ...args], options);
}

/**
 * The environment of a user in a terminal session: not started through a package manager, not in
 * CI, and not inside node:test (a `node --test` that inherits NODE_TEST_CONTEXT runs no file).
 */
export function plainEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const key of Object.keys(env)) {
    if (key.startsWith('npm_') && !(key in extra)) delete env[key];
  }
  delete env['CI'];
  delete env['NODE_TEST_CONTEXT'];
  return env;
}

/** A git identity for commits in tests, whatever the machine's git config says. */
export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.com',
};

export function assertSucceeded(step: string, result: ProcessResult): void {
  assert.equal(result.code, 0, `${step} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
}

/** Runs git in `cwd` and returns its output; a failure fails the test. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const result = await runProcess('git', args, { cwd, env: plainEnv(GIT_IDENTITY) });
  assertSucceeded(`git ${args.join(' ')}`, result);
  return result.stdout;
}

export const SDK_DIR = join(ROOT, 'packages', 'sdk');
/** Set by scripts/run-tests.mjs, which packs the SDK once for every test file of a run. */
export const SDK_TARBALL_ENV = 'CLOUDIFY_PLUGIN_SDK_TARBALL';

/**
 * packages/sdk packed as npm would publish it: the tarball scripts/run-tests.mjs packed for this
 * run, or (a test file run on its own) one packed now into a new folder under `work` (a tarball
 * repacked at the same path confuses npm's cache). Returns the tarball's path.
 */
export async function packedSdk(work: string): Promise<string> {
  const shared = process.env[SDK_TARBALL_ENV];
  if (shared) {
    assert.ok(existsSync(shared), `${SDK_TARBALL_ENV}=${shared} names no file`);
    return shared;
  }
  assert.ok(
    existsSync(join(SDK_DIR, 'dist', 'index.js')),
    'packages/sdk is not built: run `npm run build` first (npm test does)',
  );
  const packDir = join(work, 'sdk-pack');
  await mkdir(packDir);
  assertSucceeded(
    'npm pack',
    await runProcess('npm', ['pack', '--pack-destination', packDir], {
      cwd: SDK_DIR,
      env: plainEnv(),
      timeoutMs: 120_000,
    }),
  );
  const [tarball] = (await readdir(packDir)).filter((file) => file.endsWith('.tgz'));
  assert.ok(tarball, `npm pack wrote no tarball into ${packDir}`);
  return join(packDir, tarball);
}
