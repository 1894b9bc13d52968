// The `ctx` command scripts find first on their PATH: the SDK's ctx CLI (proxy/ctx-cli.ts, the
// same flags, output and exit codes as Cloudify's), bundled into one file once per process so
// each call starts as fast as Node can, behind a small sh wrapper pinned to this Node. Without
// esbuild, the built CLI runs as it is.
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let bundle: Promise<string> | undefined;

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

async function findCtxCli(): Promise<string> {
  const proxyDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'proxy');
  for (const name of ['ctx-cli.js', 'ctx-cli.ts']) {
    const path = join(proxyDir, name);
    if (await exists(path)) return path;
  }
  throw new Error(`the ctx CLI is missing from ${proxyDir}: rebuild cloudify-plugin-sdk`);
}

async function bundleCtxCli(entry: string): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`bundling ${entry} produced no output`);
  return output.text;
}

/** The JavaScript file `ctx` runs: the bundle written into `binDir`, or the built CLI itself. */
async function ctxProgram(binDir: string): Promise<string> {
  const entry = await findCtxCli();
  try {
    const code = await (bundle ??= bundleCtxCli(entry));
    const program = join(binDir, 'ctx.mjs');
    await writeFile(program, code);
    return program;
  } catch (error) {
    bundle = undefined;
    if (entry.endsWith('.js')) return entry;
    throw error;
  }
}

const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** Writes `ctx` into `binDir`; when the CLI cannot be found or built, a `ctx` that says why. */
export async function installCtxCommand(binDir: string): Promise<void> {
  await mkdir(binDir, { recursive: true });
  let script: string;
  try {
    const program = await ctxProgram(binDir);
    // It only talks plain HTTP to 127.0.0.1: extra CA certificates and NODE_OPTIONS would only
    // slow its start (loading a CA bundle doubles Node's start-up time).
    script = `unset NODE_EXTRA_CA_CERTS NODE_OPTIONS\nexec ${shellQuote(process.execPath)} ${shellQuote(program)} "$@"`;
  } catch (error) {
    const reason = `ctx: the cloudify-plugin-sdk ctx command is unavailable: ${(error as Error).message}`;
    script = `echo ${shellQuote(reason)} >&2\nexit 1`;
  }
  await writeFile(join(binDir, 'ctx'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
}
