// .yo-rc.json: where the answers and the template version of a generated plugin are recorded, under
// the generator's package name, so that `yo cloudify-plugin` and `npm init cloudify-plugin` share them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANSWER_SPECS, type Answers } from './answers.js';
import { checkRawAnswers, type RawAnswers } from './collect-answers.js';
import { UsageError } from './errors.js';
import { GENERATOR_PACKAGE_NAME } from './package-info.js';
import { asManifest, type Manifest } from './update/manifest.js';

export const YO_RC_FILE = '.yo-rc.json';

/** Why `--update` (or `--check`) cannot run in `dir`. */
export function notAPluginMessage(flag: string, dir: string): string {
  return (
    `${flag} needs a generated plugin, and ${dir} holds no ${YO_RC_FILE} of this generator: run it inside ` +
    'the plugin folder, or name that folder as the first argument.'
  );
}

/** What a generation recorded: the answers, plus what else its files were rendered from. */
export interface GenerationRecord extends Answers {
  templateVersion: string;
  copyrightYear: number;
  /** The cloudify-plugin-sdk spec written into package.json. */
  sdk: string;
  /**
   * The files rendered, each with the git blob id of its pristine content: the base of the next
   * update. Absent in plugins generated before update mode existed.
   */
  files?: Manifest;
}

type YoRc = Record<string, unknown>;

function readYoRc(path: string): YoRc | undefined {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(content);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as YoRc;
  } catch {
    // reported below
  }
  throw new UsageError(`${path} is not a JSON object: fix it or remove it, then run again.`);
}

export interface StoredAnswers {
  path: string;
  answers: RawAnswers;
  record: Partial<GenerationRecord> & RecordExtras;
}

/** The answers a previous run stored in `<dir>/.yo-rc.json`, unchecked. */
export function readStoredAnswers(dir: string): StoredAnswers | undefined {
  const path = join(dir, YO_RC_FILE);
  const section = readYoRc(path)?.[GENERATOR_PACKAGE_NAME];
  if (!section || typeof section !== 'object') return undefined;
  const record = section as Partial<GenerationRecord> & RecordExtras;
  const answers: RawAnswers = {};
  for (const spec of ANSWER_SPECS) {
    if (record[spec.key] !== undefined) answers[spec.key] = record[spec.key];
  }
  return { path, answers, record };
}

/**
 * The new .yo-rc.json: the record under our key (the generator's own keys, the manifest, then what
 * subgenerators recorded, in the order they append it); other generators' sections are kept.
 */
export function yoRcContent(dir: string, record: GenerationRecord & RecordExtras): string {
  const existing = readYoRc(join(dir, YO_RC_FILE)) ?? {};
  const { files, ...rest } = record;
  const own = Object.fromEntries(Object.entries(rest).filter(([key]) => OWN_KEYS.has(key)));
  const ordered = { ...own, ...(files ? { files } : {}), ...recordExtras(rest) };
  return `${JSON.stringify({ ...existing, [GENERATOR_PACKAGE_NAME]: ordered }, null, 2)}\n`;
}

/**
 * The .yo-rc.json text with `entry` appended to the list under `key` of the generator's record:
 * what a subgenerator remembers of its addition. Everything else in the file stays.
 */
export function yoRcWithEntry(dir: string, key: string, entry: Readonly<Record<string, unknown>>): string {
  const path = join(dir, YO_RC_FILE);
  const yoRc = readYoRc(path) ?? {};
  const section = yoRc[GENERATOR_PACKAGE_NAME];
  if (!section || typeof section !== 'object' || Array.isArray(section)) {
    throw new UsageError(`${path} holds no record of ${GENERATOR_PACKAGE_NAME}: nothing was changed.`);
  }
  const record = section as Record<string, unknown>;
  const list = Array.isArray(record[key]) ? (record[key] as unknown[]) : [];
  return `${JSON.stringify({ ...yoRc, [GENERATOR_PACKAGE_NAME]: { ...record, [key]: [...list, entry] } }, null, 2)}\n`;
}

/** Record keys besides the generator's own, e.g. what a subgenerator adds (a list of operations). */
export type RecordExtras = { readonly [key: string]: unknown };

const OWN_KEYS: ReadonlySet<string> = new Set([
  ...ANSWER_SPECS.map((spec) => spec.key),
  'templateVersion',
  'copyrightYear',
  'sdk',
  'files',
]);

/** The keys of a stored record that are not the generator's own; an update carries them over. */
export function recordExtras(record: Readonly<Record<string, unknown>>): RecordExtras {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !OWN_KEYS.has(key)));
}

/**
 * The complete record a previous run stored, its answers checked (a broken one is a UsageError that
 * names the file), extras included; undefined when something a render needs is missing.
 */
export function storedRecord(stored: StoredAnswers): (GenerationRecord & RecordExtras) | undefined {
  const answers = checkRawAnswers(stored.answers, (spec) => `${spec.key} in ${stored.path}`);
  if (ANSWER_SPECS.some((spec) => answers[spec.key] === undefined)) return undefined;
  const { templateVersion, copyrightYear, sdk, files } = stored.record;
  if (typeof templateVersion !== 'string' || typeof copyrightYear !== 'number' || typeof sdk !== 'string') {
    return undefined;
  }
  const manifest = asManifest(files);
  return {
    ...recordExtras(stored.record),
    ...(answers as Answers),
    templateVersion,
    copyrightYear,
    sdk,
    ...(manifest ? { files: manifest } : {}),
  };
}
