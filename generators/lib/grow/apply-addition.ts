// What a subgenerator adds, and how it lands: every file formatted the way the plugin's own prettier
// wants it, each changed file checked to keep all its lines, src/plugin-types.ts regenerated from the
// new plugin.yaml, the addition recorded in .yo-rc.json, then everything written at once.
import { commandsFor } from '../package-manager.js';
import { derivePluginTypes, PLUGIN_TYPES_FILE, refreshAdvice } from '../plugin-types.js';
import { UsageError } from '../errors.js';
import { pluginFormatter, type Formatter } from '../update/file-merge.js';
import { lineChanges } from '../update/line-changes.js';
import { applyFileChanges } from '../write-files.js';
import { YO_RC_FILE, yoRcWithEntry } from '../yo-rc.js';
import { checkOnlyAdds } from './line-additions.js';
import { readPluginFile, type PluginFolder } from './plugin-folder.js';

export const PLUGIN_YAML = 'plugin.yaml';

export interface Addition {
  /** What is added, e.g. `operation configure (cloudify.interfaces.lifecycle.configure of my.nodes.Db)`. */
  title: string;
  /** New files by path; none of them exists yet. */
  created: Map<string, string>;
  /** Changed files by path, as they are and as they become; only lines are added. */
  changed: Map<string, { before: string; after: string }>;
  /** What .yo-rc.json remembers: the entry appended to the record's list under `key`. */
  record: { key: string; entry: Record<string, unknown> };
  /** Said after the file list (e.g. what was left out, and why). */
  notes: string[];
  /** What to do next, once it is written. */
  next: string;
}

export interface AppliedFile {
  path: string;
  action: 'create' | 'update';
  added?: number;
  removed?: number;
}

export interface AdditionReport {
  title: string;
  files: AppliedFile[];
  notes: string[];
  next: string;
  written: boolean;
}

/** The formatted edit, unless formatting would change lines the edit did not touch. */
async function checkedEdit(path: string, before: string, after: string, format: Formatter): Promise<string> {
  const formatted = await format(path, after);
  if (checkOnlyAdds(before, formatted).ok) return formatted;
  const check = checkOnlyAdds(before, after);
  if (check.ok) return after;
  throw new UsageError(
    `Could not add to ${path} without changing its line ${check.line} (${check.text.trim()}). ` +
      `Format ${path} with prettier (\`npx prettier --write ${path}\`), then run this again. Nothing was changed.`,
  );
}

/** src/plugin-types.ts for the new plugin.yaml, or a note saying why it was not regenerated. */
async function pluginTypesFor(
  plugin: PluginFolder,
  pluginYaml: string,
): Promise<{ content?: string; note?: string }> {
  const derived = await derivePluginTypes(plugin.dir, pluginYaml);
  if (derived.status === 'derived') return { content: derived.content };
  const advice = refreshAdvice(commandsFor(plugin.answers.packageManager).run);
  if (derived.status === 'no-sdk') return { note: `cloudify-plugin-sdk is not installed here: ${advice}.` };
  const current = await readPluginFile(plugin, PLUGIN_YAML);
  const broken = current !== undefined && (await derivePluginTypes(plugin.dir, current)).status === 'invalid';
  throw new UsageError(
    broken
      ? `${PLUGIN_YAML} has errors already; fix them first, then run this again. Nothing was changed.\n${derived.problem}`
      : `With this addition ${PLUGIN_YAML} would not be valid, so nothing was changed:\n${derived.problem}`,
  );
}

export interface ApplyOptions {
  dryRun: boolean;
}

/** Formats, checks and writes an addition (all or nothing); with dryRun, writes nothing. */
export async function applyAddition(
  plugin: PluginFolder,
  addition: Addition,
  { dryRun }: ApplyOptions,
): Promise<AdditionReport> {
  const format = await pluginFormatter(plugin.dir);
  const writes = new Map<string, string>();
  const befores = new Map<string, string>();
  for (const [path, content] of addition.created) writes.set(path, await format(path, content));
  for (const [path, { before, after }] of addition.changed) {
    writes.set(path, await checkedEdit(path, before, after, format));
    befores.set(path, before);
  }
  const notes = [...addition.notes];
  const pluginYaml = writes.get(PLUGIN_YAML);
  if (pluginYaml !== undefined) {
    const types = await pluginTypesFor(plugin, pluginYaml);
    const current = await readPluginFile(plugin, PLUGIN_TYPES_FILE);
    if (types.content !== undefined && types.content !== current) {
      writes.set(PLUGIN_TYPES_FILE, types.content);
      if (current !== undefined) befores.set(PLUGIN_TYPES_FILE, current);
    }
    if (types.note) notes.push(types.note);
  }
  const yoRc = await format(
    YO_RC_FILE,
    yoRcWithEntry(plugin.dir, addition.record.key, addition.record.entry),
  );
  befores.set(YO_RC_FILE, (await readPluginFile(plugin, YO_RC_FILE)) ?? '');
  writes.set(YO_RC_FILE, yoRc);

  const files: AppliedFile[] = [];
  for (const [path, content] of writes) {
    const before = befores.get(path);
    const counts = await lineChanges(before, content);
    files.push({ path, action: before === undefined ? 'create' : 'update', ...(counts ?? {}) });
  }
  if (!dryRun) await applyFileChanges(plugin.dir, writes, []);
  return { title: addition.title, files, notes, next: addition.next, written: !dryRun };
}

/** The report as printed: what was (or would be) written, file by file, with its line counts. */
export function formatAdditionReport(report: AdditionReport): string {
  const verb = report.written ? 'Added' : 'Dry run: would add';
  const width = Math.max(...report.files.map((file) => file.path.length));
  const lines = report.files.map(({ path, action, added, removed }) => {
    const counts = [added ? `+${added}` : '', removed ? `-${removed}` : ''].filter(Boolean).join(' ');
    return `  ${action}  ${counts ? `${path.padEnd(width)}  ${counts}` : path}`.trimEnd();
  });
  return [
    `${verb} ${report.title}:`,
    ...lines,
    ...report.notes,
    ...(report.written ? [report.next] : []),
  ].join('\n');
}
