// Test helpers: write blueprint files into a temporary folder (removed after the test), load and
// plan them, and describe errors compactly for assertions.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { createPlan, loadBlueprint, type DslError, type LoadOptions } from '../../src/dsl/index.js';
import type { DeploymentPlan } from '../../src/dsl/plan.js';

export const TYPES_1_3 = 'http://www.getcloudify.org/spec/cloudify/5.0.0/types.yaml';
export const TYPES_1_4 = 'http://cloudify.co/spec/cloudify/6.4.0/types.yaml';

/** Writes `files` (relative path -> content) into a new temp folder; returns the folder. */
export function writeFiles(t: TestContext, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dsl-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** A blueprint.yaml with the given body after the version and the 6.4.0 types import. */
export function blueprint(body: string, version = 'cloudify_dsl_1_4', types = TYPES_1_4): string {
  return `tosca_definitions_version: ${version}\nimports:\n  - ${types}\n${body}`;
}

/** Loads `blueprint.yaml` from `files`; returns the errors (empty when it loads). */
export async function loadErrors(
  t: TestContext,
  files: Record<string, string>,
  options?: LoadOptions,
): Promise<DslError[]> {
  const dir = writeFiles(t, files);
  return (await loadBlueprint(join(dir, 'blueprint.yaml'), options)).errors;
}

/** Loads and plans `blueprint.yaml`, failing the test on any error. */
export async function planOf(
  t: TestContext,
  files: Record<string, string>,
  inputs: Record<string, unknown> = {},
  idGenerator?: () => string,
): Promise<DeploymentPlan> {
  const dir = writeFiles(t, files);
  const loaded = await loadBlueprint(join(dir, 'blueprint.yaml'));
  assert.deepEqual(loaded.errors.map(brief), []);
  const planned = createPlan(loaded.blueprint!, inputs, { idGenerator });
  assert.deepEqual(planned.errors.map(brief), []);
  return planned.plan!;
}

/** Loads `blueprint.yaml` (which must load) and plans it with `inputs`; returns the plan errors. */
export async function planErrors(
  t: TestContext,
  files: Record<string, string>,
  inputs: Record<string, unknown> = {},
): Promise<DslError[]> {
  const dir = writeFiles(t, files);
  const loaded = await loadBlueprint(join(dir, 'blueprint.yaml'));
  assert.deepEqual(loaded.errors.map(brief), []);
  return createPlan(loaded.blueprint!, inputs).errors;
}

/** `code line:col message` — enough to recognise an error in an assertion failure. */
export function brief(e: DslError): string {
  const at = e.location ? `${e.location.line}:${e.location.column}` : '-';
  return `${e.code ?? '-'} ${at} ${e.message}`;
}

/** Asserts that exactly one error has `code` and its message matches `pattern`; returns it. */
export function expectError(errors: DslError[], code: number | undefined, pattern: RegExp): DslError {
  const matching = errors.filter((e) => e.code === code && pattern.test(e.message));
  assert.equal(
    matching.length,
    1,
    `expected one error ${code} ${pattern}, got:\n${errors.map(brief).join('\n')}`,
  );
  return matching[0]!;
}

/** A deterministic id generator: 000001, 000002, … */
export function sequentialIds(): () => string {
  let n = 0;
  return () => String(++n).padStart(6, '0');
}

/** The 1-based line of the first line of `text` that contains `snippet`. */
export function lineOf(text: string, snippet: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(snippet));
  assert.ok(index >= 0, `'${snippet}' is not in the text`);
  return index + 1;
}
