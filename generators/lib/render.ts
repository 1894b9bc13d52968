// Renders templates/plugin with a set of answers into memory: path -> content. The templates are
// prettier-clean and the placeholders are filled in the form the plugin's prettier prints them
// (placeholders.ts), so every file already passes the plugin's `prettier --check` without being
// formatted (test/render.test.ts renders hostile answers to prove it). Pure: reads the templates,
// writes nothing, so that the same answers always give the same files (updates rely on it).
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Answers } from './answers.js';
import { LICENSE_VARIANT, licenseTemplate } from './licenses.js';
import { pluginTypeName } from './names.js';
import { commandsFor } from './package-manager.js';
import { SDK_PACKAGE_NAME } from './package-info.js';
import {
  fileKind,
  fillPlaceholders,
  text,
  verbatim,
  type Placeholders,
  type TextStyle,
} from './placeholders.js';

export interface RenderInput {
  /** The template folder (templates/plugin of some generator version). */
  templatesDir: string;
  answers: Answers;
  /** The cloudify-plugin-sdk dependency spec, e.g. `^0.1.0` or `file:../sdk.tgz`. */
  sdkSpec: string;
  /** The year in the copyright notice. */
  copyrightYear: number;
}

export type RenderedFiles = Map<string, string>;

/** Files stored without their leading dot, because npm would drop or misuse them when publishing. */
const DOTLESS = new Map([['gitignore', '.gitignore']]);
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git']);

async function listFiles(root: string, dir = ''): Promise<string[]> {
  const entries = await readdir(join(root, dir), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = dir ? posix.join(dir, entry.name) : entry.name;
      if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : listFiles(root, path);
      return entry.isFile() ? [path] : [];
    }),
  );
  return nested.flat().sort();
}

function outputPath(templatePath: string): string {
  const base = posix.basename(templatePath);
  const renamed = DOTLESS.get(base);
  return renamed ? posix.join(posix.dirname(templatePath), renamed) : templatePath;
}

export function placeholdersFor(answers: Answers, copyrightYear: number): Placeholders {
  const commands = commandsFor(answers.packageManager);
  return {
    name: verbatim(answers.name),
    nodeType: verbatim(answers.nodeType),
    nodeTypeName: verbatim(pluginTypeName(answers.nodeType)),
    port: verbatim(answers.port),
    license: verbatim(answers.license),
    year: verbatim(copyrightYear),
    install: verbatim(commands.install.join(' ')),
    run: verbatim(commands.run),
    exec: verbatim(commands.exec),
    ciInstall: verbatim(commands.ciInstall),
    ciSetup: verbatim(commands.ciSetup),
    description: text(answers.description),
    author: text(answers.author),
    copyrightHolder: text(answers.author || `The ${answers.name} authors`),
  };
}

/** package.json is data: built from the template's own package.json, so any answer stays valid JSON. */
function renderPackageJson(template: string, { answers, sdkSpec }: RenderInput): string {
  const manifest = JSON.parse(template) as Record<string, unknown> & {
    dependencies?: Record<string, string>;
  };
  manifest['name'] = answers.name;
  manifest['description'] = answers.description;
  if (answers.author) manifest['author'] = answers.author;
  else delete manifest['author'];
  manifest['license'] = answers.license;
  manifest.dependencies = { ...manifest.dependencies, [SDK_PACKAGE_NAME]: sdkSpec };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The plugin's own prettier options (templates/plugin/.prettierrc.json). */
export async function pluginPrettierOptions(templatesDir: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(join(templatesDir, '.prettierrc.json'), 'utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return {};
  }
}

export async function renderPlugin(input: RenderInput): Promise<RenderedFiles> {
  const { templatesDir, answers, copyrightYear } = input;
  const values = placeholdersFor(answers, copyrightYear);
  const style: TextStyle = {
    singleQuote: (await pluginPrettierOptions(templatesDir))['singleQuote'] === true,
  };
  const files: RenderedFiles = new Map();
  for (const templatePath of await listFiles(templatesDir)) {
    if (LICENSE_VARIANT.test(templatePath)) continue;
    const content = await readFile(join(templatesDir, templatePath), 'utf8');
    const path = outputPath(templatePath);
    const kind = fileKind(path);
    if (path === 'package.json') files.set(path, renderPackageJson(content, input));
    else files.set(path, kind ? fillPlaceholders(content, kind, values, style) : content);
  }
  files.set('LICENSE', fillPlaceholders(licenseTemplate(templatesDir, answers.license), 'plain', values));
  return files;
}

/** What a render depends on besides the templates (a .yo-rc.json record is one). */
export interface RenderRecord extends Answers {
  copyrightYear: number;
  /** The cloudify-plugin-sdk dependency spec. */
  sdk: string;
}

/** renderPlugin for a recorded generation: the same record always gives the same files. */
export function renderRecord(templatesDir: string, record: RenderRecord): Promise<RenderedFiles> {
  return renderPlugin({
    templatesDir,
    answers: record,
    sdkSpec: record.sdk,
    copyrightYear: record.copyrightYear,
  });
}
