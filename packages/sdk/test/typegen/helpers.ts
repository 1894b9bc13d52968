// Helpers for the typegen tests: fixture copies in temp folders, the cloudify-plugin CLI as a real
// process, and a reader for the generated declarations.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runNode, type ProcessResult } from '../core/helpers/processes.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/typegen/', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli/cloudify-plugin.ts', import.meta.url));
const TSX = import.meta.resolve('tsx/esm');

/** A new temp folder (removed after the test) holding a copy of fixtures/typegen/<name>/. */
export function pluginFolder(t: TestContext, fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'typegen-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  return dir;
}

export type CliResult = ProcessResult;

/** Runs `cloudify-plugin <args>` from its TypeScript source in `cwd`, stdin closed. */
export function runPluginCli(args: string[], cwd: string): Promise<CliResult> {
  return runNode(['--import', TSX, CLI, ...args], { cwd, timeoutMs: 60_000 });
}

/** The source of `export type <name> = …;` in a generated file (its JSDoc excluded). */
export function declarationOf(content: string, name: string): string {
  const start = content.indexOf(`export type ${name} = `);
  if (start < 0) throw new Error(`no declaration of ${name} in:\n${content}`);
  const end = content.indexOf(';\n\n', start);
  return content.slice(start, end < 0 ? undefined : end + 1).trimEnd();
}

/** `[name, optional, type]` of each field of a generated object type, in order. */
export function fieldsOf(content: string, name: string): [string, boolean, string][] {
  return [...declarationOf(content, name).matchAll(/^ {2}readonly (.+?)(\?)?: (.+);$/gm)].map((m) => [
    m[1]!,
    m[2] === '?',
    m[3]!,
  ]);
}
