// Update mode: regenerate an existing plugin with a three-way merge per file, so that every template
// change arrives and no line the user wrote is lost. base = what the generator rendered last time
// (recorded in .yo-rc.json as blob ids, kept in git), ours = the file on disk, theirs = the new
// render of the templates with the new record. What subgenerators added (operations, node types)
// is the user's side of that merge: their edits are not in the base, so every update keeps them.
import { ANSWER_SPECS } from '../answers.js';
import { UsageError } from '../errors.js';
import { GENERATOR_PACKAGE_NAME } from '../package-info.js';
import { PLUGIN_TYPES_FILE } from '../plugin-types.js';
import { pluginPrettierOptions, renderRecord, type RenderedFiles, type RenderRecord } from '../render.js';
import { applyFileChanges } from '../write-files.js';
import {
  readStoredAnswers,
  storedRecord,
  YO_RC_FILE,
  yoRcContent,
  type GenerationRecord,
  type RecordExtras,
} from '../yo-rc.js';
import { pluginFormatter } from './file-merge.js';
import {
  baseCommitMessage,
  dirtyFiles,
  markConflicts,
  openRepository,
  readBlob,
  recordBase,
  type GitRepo,
} from './git-repo.js';
import { parseJson } from './json-merge.js';
import { lineChanges } from './line-changes.js';
import { gitBlobId, type Manifest, manifestOf } from './manifest.js';
import {
  CHANGING_OUTCOMES,
  planFile,
  readOurFile,
  type Base,
  type FilePlan,
  type OurFile,
  type Outcome,
} from './plan-file.js';

export type UpdateMode = 'apply' | 'dry-run' | 'check';
/** A record to render: the generator's own keys, and whatever a subgenerator added. */
export type NewRecord = Omit<GenerationRecord, 'files'> & RecordExtras;
/** (templates, record) → files; a pure function, so the last record renders the last files again. */
export type RenderFunction = (
  templatesDir: string,
  record: RenderRecord & RecordExtras,
) => Promise<RenderedFiles>;

export interface UpdatePluginOptions {
  /** The plugin folder; it holds the .yo-rc.json of the last generation. */
  dir: string;
  /** What to render now: the answers (stored ones, overridden by flags), template version, year, SDK. */
  record: NewRecord;
  templatesDir: string;
  /** apply (default) writes; dry-run and check only report. */
  mode?: UpdateMode;
  /** Bring back files the user deleted. */
  restore?: boolean;
  /** Update a git tree with uncommitted changes. */
  allowDirty?: boolean;
  /** How (templates, record) become files; renderRecord unless a subgenerator renders more. */
  render?: RenderFunction;
}

export interface FileUpdate {
  path: string;
  outcome: Outcome;
  note?: string;
  /** Lines added and removed in the file (when it changes and git can count them). */
  added?: number;
  removed?: number;
}

export interface RecordChange {
  what: string;
  from: unknown;
  to: unknown;
}

export interface UpdateReport {
  dir: string;
  mode: UpdateMode;
  /** Every file the update looked at, by path (.yo-rc.json included). */
  files: FileUpdate[];
  /** Something changes (or, in apply mode, changed). */
  changed: boolean;
  /** The changes were written (apply mode). */
  applied: boolean;
  /** Files left with conflict markers. */
  conflicts: string[];
  /** The conflicts are unmerged entries (stages 1/2/3) in the git index. */
  stagesSet: boolean;
  /** How the new record differs from the last one: template version, answers, SDK. */
  recordChanges: RecordChange[];
  /** The last generation recorded no manifest (a plugin generated before update mode). */
  baseUnknown: boolean;
  /** package.json dependencies changed: an install is due. */
  dependenciesChanged: boolean;
}

const PRETTIER_CONFIG = '.prettierrc.json';
/**
 * Files derived from others by the plugin's own tools: never merged (the front door regenerates
 * them after the update); a render only stands in for one that is missing.
 */
const DERIVED_FILES: ReadonlySet<string> = new Set([PLUGIN_TYPES_FILE]);
const DEPENDENCY_KEYS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

async function refuseDirtyTree(dir: string, repo: GitRepo): Promise<void> {
  const dirty = await dirtyFiles(repo);
  if (dirty.length === 0) return;
  const shown = dirty.slice(0, 8).join(', ');
  const more = dirty.length > 8 ? ` and ${dirty.length - 8} more` : '';
  throw new UsageError(
    `The plugin folder ${dir} has uncommitted changes: ${shown}${more}.\n` +
      'Commit (or stash) them first, so that `git diff` shows exactly what the update changed, ' +
      'or pass --allow-dirty to update anyway.',
  );
}

interface BaseSources {
  manifest: Manifest | undefined;
  /** The last record rendered with the current templates. */
  freshRender: RenderedFiles | undefined;
  /** The last generation used the current template version. */
  sameVersion: boolean;
  repo: GitRepo | undefined;
}

/** The recorded blob (found by its id on disk, in the renders or in git), else a fresh render. */
async function findBase(
  { manifest, freshRender, sameVersion, repo }: BaseSources,
  path: string,
  ours: OurFile,
  theirs?: string,
): Promise<Base | undefined> {
  const id = manifest?.[path];
  if (manifest && id === undefined) return undefined; // new to the template since the last generation
  if (id !== undefined) {
    const candidates = [ours.kind === 'file' ? ours.content : undefined, theirs, freshRender?.get(path)];
    const found = candidates.find((candidate) => candidate !== undefined && gitBlobId(candidate) === id);
    if (found !== undefined) return { content: found, trust: 'recorded' };
    const blob = repo ? await readBlob(repo, id) : undefined;
    if (blob !== undefined) return { content: blob, trust: 'recorded' };
  }
  const fresh = freshRender?.get(path);
  if (fresh === undefined) return undefined;
  return { content: fresh, trust: !manifest && sameVersion ? 'assumed' : 'compare-only' };
}

function recordChanges(previous: Record<string, unknown>, record: NewRecord): RecordChange[] {
  const keys = ['templateVersion', ...ANSWER_SPECS.map((spec) => spec.key), 'sdk'] as const;
  return keys
    .filter((key) => previous[key] !== record[key])
    .map((key) => ({ what: key, from: previous[key], to: record[key] }));
}

function dependencies(packageJson: string | undefined): unknown {
  const parsed = packageJson === undefined ? undefined : parseJson(packageJson);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  return DEPENDENCY_KEYS.map((key) => parsed[key]);
}

/** The plugin's prettier options once the update is done. */
function prettierOptions(plan: FilePlan | undefined, ours: OurFile): Record<string, unknown> {
  const content =
    plan?.after ??
    (plan?.outcome === 'removed' ? undefined : ours.kind === 'file' ? ours.content : undefined);
  const parsed = content === undefined ? undefined : parseJson(content);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
}

interface PlanInput {
  dir: string;
  templatesDir: string;
  theirs: RenderedFiles;
  sources: BaseSources;
  /** The files the last generation rendered, as far as known. */
  previousPaths: ReadonlySet<string>;
  restore: boolean;
}

/** The plan of every file the last or the new render has (.prettierrc.json first: it formats the rest). */
async function planFiles({ dir, templatesDir, theirs, sources, previousPaths, restore }: PlanInput) {
  const paths = [...new Set([...theirs.keys(), ...previousPaths, ...Object.keys(sources.manifest ?? {})])]
    .filter((path) => path !== YO_RC_FILE)
    .sort((a, b) => Number(b === PRETTIER_CONFIG) - Number(a === PRETTIER_CONFIG) || a.localeCompare(b));
  const plans: FilePlan[] = [];
  let format = await pluginFormatter(dir, await pluginPrettierOptions(templatesDir));
  for (const path of paths) {
    const ours = await readOurFile(dir, path);
    if (DERIVED_FILES.has(path) && ours.kind === 'file') {
      plans.push({ path, outcome: 'unchanged' });
      continue;
    }
    const plan = await planFile({
      path,
      ours,
      theirs: theirs.get(path),
      base: await findBase(sources, path, ours, theirs.get(path)),
      previouslyRendered: previousPaths.has(path),
      restore,
      format,
    });
    if (plan) plans.push(plan);
    if (path === PRETTIER_CONFIG) format = await pluginFormatter(dir, prettierOptions(plan, ours));
  }
  return plans;
}

/** .yo-rc.json: the new record, with the manifest of the new render (machine-written, not formatted). */
async function planYoRc(dir: string, record: NewRecord, theirs: RenderedFiles): Promise<FilePlan> {
  const after = yoRcContent(dir, { ...record, files: manifestOf(theirs) });
  const ours = await readOurFile(dir, YO_RC_FILE);
  const before = ours.kind === 'file' ? ours.content : undefined;
  if (before === after) return { path: YO_RC_FILE, outcome: 'unchanged' };
  return { path: YO_RC_FILE, outcome: 'updated', after, ...(before === undefined ? {} : { before }) };
}

async function describeFiles(plans: readonly FilePlan[]): Promise<FileUpdate[]> {
  const files: FileUpdate[] = [];
  for (const { path, outcome, note, before, after } of plans) {
    const counts = CHANGING_OUTCOMES.has(outcome) ? await lineChanges(before, after) : undefined;
    files.push({ path, outcome, ...(note ? { note } : {}), ...(counts ?? {}) });
  }
  return files;
}

function dependenciesChanged(plan: FilePlan | undefined): boolean {
  if (plan?.after === undefined || plan.outcome === 'conflict') return false;
  return JSON.stringify(dependencies(plan.before)) !== JSON.stringify(dependencies(plan.after));
}

/** Writes the plan (all or nothing), then tells git about conflicts and the new base. */
async function applyPlans(
  dir: string,
  repo: GitRepo | undefined,
  plans: readonly FilePlan[],
  theirs: RenderedFiles,
  record: NewRecord,
) {
  const write = new Map(
    plans.flatMap((plan) => (plan.after === undefined ? [] : [[plan.path, plan.after] as const])),
  );
  const remove = plans.filter((plan) => plan.outcome === 'removed').map((plan) => plan.path);
  await applyFileChanges(dir, write, remove);
  if (!repo) return;
  await markConflicts(
    repo,
    plans.flatMap(({ path, stages }) => (stages ? [{ path, ...stages }] : [])),
  );
  await recordBase(repo, theirs, baseCommitMessage(record));
}

export async function updatePlugin(options: UpdatePluginOptions): Promise<UpdateReport> {
  const { dir, record, templatesDir, mode = 'apply', restore = false, allowDirty = false } = options;
  const render = options.render ?? renderRecord;
  const stored = readStoredAnswers(dir);
  if (!stored) {
    throw new UsageError(
      `${dir} holds no ${YO_RC_FILE} of ${GENERATOR_PACKAGE_NAME}, so there is nothing to update: ` +
        'name the folder of a generated plugin, or generate a new one (without --update).',
    );
  }
  const previous = storedRecord(stored);
  const repo = await openRepository(dir);
  if (mode === 'apply' && repo && !allowDirty) await refuseDirtyTree(dir, repo);

  const theirs = await render(templatesDir, record);
  const freshRender = previous ? await render(templatesDir, previous) : undefined;
  const manifest = previous?.files;
  const sameVersion = previous?.templateVersion === record.templateVersion;
  // Without a manifest, the files of the last generation are known only if the templates are the same.
  const previousPaths = new Set(manifest ? Object.keys(manifest) : sameVersion ? freshRender?.keys() : []);
  const plans = await planFiles({
    dir,
    templatesDir,
    theirs,
    sources: { manifest, freshRender, sameVersion, repo },
    previousPaths,
    restore,
  });
  plans.push(await planYoRc(dir, record, theirs));
  plans.sort((a, b) => a.path.localeCompare(b.path));

  const conflicts = plans.filter((plan) => plan.outcome === 'conflict').map((plan) => plan.path);
  const changed = plans.some((plan) => CHANGING_OUTCOMES.has(plan.outcome));
  if (mode === 'apply') await applyPlans(dir, repo, plans, theirs, record);
  return {
    dir,
    mode,
    files: await describeFiles(plans),
    changed,
    applied: mode === 'apply',
    conflicts,
    stagesSet: mode === 'apply' && repo !== undefined && conflicts.length > 0,
    recordChanges: recordChanges(stored.record, record),
    baseUnknown: manifest === undefined,
    dependenciesChanged: dependenciesChanged(plans.find((plan) => plan.path === 'package.json')),
  };
}
