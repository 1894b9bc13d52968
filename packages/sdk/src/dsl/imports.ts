// Reads the main blueprint and everything it imports, depth first, each file once:
// relative (or absolute, or file://) paths, Cloudify's types URLs (offline, see builtin-types.ts),
// and `plugin:<name>` resolved to a local plugin.yaml (which Cloudify itself cannot do locally).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_TYPES_FILE, loadBuiltinTypes, matchTypesImport, typesRequirement } from './builtin-types.js';
import { ErrorCode } from './errors.js';
import type { ParseContext } from './parse-context.js';
import type { DslVersion } from './plan.js';
import { pythonStr } from './values.js';
import { DSL_VERSIONS, isAtLeast, parseDslVersion } from './versions.js';
import { isYamlMap, parseYaml, type YamlMap } from './yaml-source.js';

export interface SourceDocument {
  file: string;
  data: YamlMap;
  builtin: boolean;
}

export interface ImportOptions {
  /** Last resort for `plugin:<name>`: the path of the plugin's YAML, or undefined. */
  resolvePlugin?: (name: string) => string | undefined;
}

const REMOTE_URL = /^(?:https?|ftp):\/\//i;
const NAMESPACED = /^[A-Za-z0-9_.-]+--/;

/** Every document of the blueprint, main first; errors go to `ctx`. Empty when the main file is unusable. */
export async function collectDocuments(ctx: ParseContext, options: ImportOptions): Promise<SourceDocument[]> {
  const main = readDocument(ctx.blueprintFile, ctx, undefined);
  if (!main) return [];
  if (!readMainVersion(main, ctx)) return [];
  const documents: SourceDocument[] = [];
  const seen = new Set<string>();
  await visit(main, documents, seen, ctx, options);
  return documents;
}

function readMainVersion(main: SourceDocument, ctx: ParseContext): boolean {
  const raw = main.data.tosca_definitions_version;
  const path = 'tosca_definitions_version';
  if (raw === undefined || raw === null) {
    ctx.error(
      ErrorCode.missingDslVersion,
      `tosca_definitions_version is missing in the main blueprint file`,
      { container: main.data, path },
      `add "tosca_definitions_version: cloudify_dsl_1_4" at the top of ${main.file}`,
    );
    return false;
  }
  const version = parseDslVersion(raw);
  if (!version) {
    ctx.error(
      ErrorCode.unsupportedDslVersion,
      `Unexpected tosca_definitions_version ${pythonStr(raw)}; supported versions are: ${DSL_VERSIONS.join(', ')}`,
      { container: main.data, key: path, path },
    );
    return false;
  }
  ctx.version = version;
  return true;
}

async function visit(
  doc: SourceDocument,
  documents: SourceDocument[],
  seen: Set<string>,
  ctx: ParseContext,
  options: ImportOptions,
): Promise<void> {
  seen.add(doc.file);
  documents.push(doc);
  const imports = ctx.list(doc.data.imports, doc.data, 'imports', 'imports');
  for (const [index, entry] of (imports ?? []).entries()) {
    const where = { container: imports, key: index, path: `imports[${index}]` };
    if (typeof entry !== 'string' || entry.trim() === '') {
      ctx.error(ErrorCode.format, `An import must be a string (a path or URL)`, where);
      continue;
    }
    const file = resolveImport(entry.trim(), doc, ctx, options, where);
    if (!file || seen.has(file)) continue;
    const imported =
      file === BUILTIN_TYPES_FILE ? await builtinDocument(ctx) : readDocument(file, ctx, where);
    if (!imported) continue;
    checkImportedVersion(imported, entry, ctx, where);
    await visit(imported, documents, seen, ctx, options);
  }
}

type Where = { container: unknown; key: number; path: string };

function resolveImport(
  entry: string,
  doc: SourceDocument,
  ctx: ParseContext,
  options: ImportOptions,
  where: Where,
): string | undefined {
  const types = matchTypesImport(entry);
  // After a version error the types are still read, so the rest is checked without follow-on errors.
  if (types) return checkTypesVersion(entry, types.version, ctx, where) ? BUILTIN_TYPES_FILE : undefined;
  if (entry.startsWith('plugin:'))
    return resolvePluginImport(entry.slice('plugin:'.length), ctx, options, where);
  if (entry.startsWith('blueprint:')) {
    ctx.error(
      ErrorCode.importNotFound,
      `Cannot import '${entry}': blueprint imports need a Cloudify manager`,
      where,
    );
    return undefined;
  }
  if (NAMESPACED.test(entry)) {
    ctx.error(
      ErrorCode.importNotFound,
      `Cannot import '${entry}': namespaced imports (ns--…) are not supported by the local engine`,
      where,
    );
    return undefined;
  }
  if (REMOTE_URL.test(entry)) {
    ctx.error(
      ErrorCode.importNotFound,
      `Cannot import '${entry}': only Cloudify's types URLs are resolved offline`,
      where,
      'download the file next to the blueprint and import it by its relative path',
    );
    return undefined;
  }
  const path = entry.startsWith('file://') ? fileURLToPath(entry) : resolve(dirname(doc.file), entry);
  return isAbsolute(path) ? path : resolve(path);
}

/** Reports version mismatches; false when the version is unknown (nothing to import). */
function checkTypesVersion(
  entry: string,
  version: string | undefined,
  ctx: ParseContext,
  where: Where,
): boolean {
  const requirement = typesRequirement(version);
  if (!requirement) {
    ctx.error(
      ErrorCode.importNotFound,
      `Cannot import '${entry}': '${version}' is not a Cloudify types version this SDK knows`,
      where,
      'use a released version such as http://cloudify.co/spec/cloudify/6.4.0/types.yaml',
    );
    return false;
  }
  if (requirement.declares && !isAtLeast(ctx.version, requirement.declares)) {
    ctx.error(
      ErrorCode.importVersionTooNew,
      `'${entry}' declares ${requirement.declares}, which is newer than this blueprint's ${ctx.version}`,
      where,
      `raise tosca_definitions_version to ${requirement.declares} or import types 6.3.1 or older`,
    );
    return true;
  }
  if (
    ctx.validateVersion &&
    requirement.usesFeaturesOf &&
    !isAtLeast(ctx.version, requirement.usesFeaturesOf)
  ) {
    ctx.error(
      ErrorCode.versionGatedFeature,
      `'${entry}' uses features not supported in version ${ctx.version}, they were added in ${requirement.usesFeaturesOf}`,
      where,
      `raise tosca_definitions_version to ${requirement.usesFeaturesOf} or import types 6.4.x or older`,
    );
  }
  return true;
}

function resolvePluginImport(
  spec: string,
  ctx: ParseContext,
  options: ImportOptions,
  where: Where,
): string | undefined {
  const name = spec.split('?')[0]?.trim() ?? '';
  const searched: string[] = [];
  const candidates = [join(ctx.blueprintDir, 'plugins', name)];
  for (let dir = ctx.blueprintDir; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'node_modules', name));
    if (dirname(dir) === dir) break;
  }
  for (const folder of candidates) {
    const found = pluginYamlIn(folder, ctx.version);
    if (found) return found;
    searched.push(join(folder, 'plugin.yaml'));
  }
  const fromCallback = name ? options.resolvePlugin?.(name) : undefined;
  if (fromCallback) return resolve(fromCallback);
  ctx.error(
    ErrorCode.importNotFound,
    `Cannot resolve 'plugin:${spec}': no plugin.yaml found for plugin '${name}'`,
    where,
    `put the plugin's YAML at ${searched[0]} (or install the plugin package so that ${searched[1]} exists)`,
  );
  return undefined;
}

/** Cloudify picks `plugin_1_4.yaml` over `plugin.yaml` for a 1_4 blueprint when both exist. */
function pluginYamlIn(folder: string, version: DslVersion): string | undefined {
  const specific = join(folder, `plugin_${version.slice('cloudify_dsl_'.length)}.yaml`);
  if (existsSync(specific)) return specific;
  const generic = join(folder, 'plugin.yaml');
  return existsSync(generic) ? generic : undefined;
}

async function builtinDocument(ctx: ParseContext): Promise<SourceDocument | undefined> {
  ctx.builtinFiles.add(BUILTIN_TYPES_FILE);
  const parsed = await loadBuiltinTypes();
  ctx.errors.push(...parsed.errors);
  return isYamlMap(parsed.value)
    ? { file: BUILTIN_TYPES_FILE, data: parsed.value, builtin: true }
    : undefined;
}

function readDocument(file: string, ctx: ParseContext, where: Where | undefined): SourceDocument | undefined {
  let text: string;
  try {
    // Synchronously: the parse that follows is, and a thread pool trip can wait long on a busy machine.
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    if (where) ctx.error(ErrorCode.importNotFound, `Cannot import '${file}': ${reason}`, where);
    else ctx.errors.add(undefined, `Cannot read blueprint ${file}: ${reason}`);
    return undefined;
  }
  const parsed = parseYaml(file, text);
  ctx.errors.push(...parsed.errors);
  if (parsed.errors.length > 0) return undefined;
  if (!isYamlMap(parsed.value)) {
    ctx.errors.add(ErrorCode.format, `A blueprint file must be a YAML map of sections`, {
      file,
      line: 1,
      column: 1,
      path: '',
    });
    return undefined;
  }
  return { file, data: parsed.value, builtin: false };
}

function checkImportedVersion(doc: SourceDocument, entry: string, ctx: ParseContext, where: Where): void {
  if (doc.builtin) return;
  const raw = doc.data.tosca_definitions_version;
  if (raw === undefined || raw === null) return;
  const version = parseDslVersion(raw);
  if (!version) {
    ctx.error(
      ErrorCode.unsupportedDslVersion,
      `Unexpected tosca_definitions_version ${pythonStr(raw)} in imported '${entry}'`,
      { container: doc.data, key: 'tosca_definitions_version', path: 'tosca_definitions_version' },
    );
  } else if (!isAtLeast(ctx.version, version)) {
    ctx.error(
      ErrorCode.importVersionTooNew,
      `'${entry}' declares ${version}, which is newer than this blueprint's ${ctx.version}`,
      where,
      `raise tosca_definitions_version in ${ctx.blueprintFile} to ${version}`,
    );
  }
}
