// Merging one file's three versions: JSON structurally when all of them parse and no key conflicts,
// otherwise line by line (so a real conflict is visible with markers); a clean result is formatted
// the way the plugin's prettier would, so formatting never shows up as a change of its own.
import { join } from 'node:path';
import { mergeJson, parseJson } from './json-merge.js';
import { mergeText, type TextMerge } from './text-merge.js';

export async function mergeFile(
  path: string,
  ours: string,
  base: string | undefined,
  theirs: string,
): Promise<TextMerge> {
  if (path.endsWith('.json')) {
    const oursJson = parseJson(ours);
    const theirsJson = parseJson(theirs);
    const baseJson = base === undefined ? undefined : parseJson(base);
    if (
      oursJson !== undefined &&
      theirsJson !== undefined &&
      (base === undefined || baseJson !== undefined)
    ) {
      const merged = mergeJson(oursJson, baseJson, theirsJson);
      if (merged.ok) return { content: `${JSON.stringify(merged.value, null, 2)}\n`, conflicts: 0 };
    }
  }
  return mergeText(ours, base, theirs);
}

export type Formatter = (path: string, content: string) => Promise<string>;

/**
 * Formats like `prettier --write` in the plugin folder: with `options` when given (the plugin's
 * .prettierrc.json as an update leaves it), otherwise with the configuration prettier finds for the
 * file (.prettierrc.json, .editorconfig); skipping files its .prettierignore lists or prettier has no
 * parser for, and files prettier cannot parse (they are left as they are).
 */
export async function pluginFormatter(dir: string, options?: Record<string, unknown>): Promise<Formatter> {
  const prettier = await import('prettier');
  return async (path, content) => {
    const filepath = join(dir, path);
    const { ignored, inferredParser } = await prettier.getFileInfo(filepath, {
      ignorePath: join(dir, '.prettierignore'),
    });
    if (ignored || !inferredParser) return content;
    const config = options ?? (await prettier.resolveConfig(filepath, { editorconfig: true })) ?? {};
    try {
      return await prettier.format(content, { ...config, filepath });
    } catch {
      return content;
    }
  };
}
