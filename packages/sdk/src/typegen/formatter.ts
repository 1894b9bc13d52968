// Formatting the generated file like the plugin's own `prettier --write` would: with the prettier
// the plugin installed and its configuration (.prettierrc, .editorconfig), loaded only when the
// plugin has it. Without it the emitted text stands as it is (it is written prettier-clean).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PluginTypesError } from './errors.js';

interface Prettier {
  format(source: string, options: Record<string, unknown>): Promise<string>;
  resolveConfig(file: string, options: { editorconfig: boolean }): Promise<Record<string, unknown> | null>;
}

export interface Formatter {
  /** Which prettier formats, for messages; undefined when none does. */
  readonly prettierPath?: string;
  format(text: string): Promise<string>;
  /** Two texts with the same content, whatever their formatting. */
  sameContent(a: string, b: string): Promise<boolean>;
}

/** The formatter for a file at `file`: the plugin's prettier when it resolves from there. */
export async function formatterFor(file: string): Promise<Formatter> {
  const found = await loadPrettier(dirname(file));
  if (!found) {
    return {
      format: (text) => Promise.resolve(text),
      sameContent: (a, b) => Promise.resolve(withoutWhitespace(a) === withoutWhitespace(b)),
    };
  }
  const { prettier, path } = found;
  let config: Record<string, unknown> | null;
  try {
    config = await prettier.resolveConfig(file, { editorconfig: true });
  } catch (error) {
    throw new PluginTypesError(
      `Cannot read the prettier configuration that applies to ${file}: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}. ` +
        'Fix it (prettier formats the generated file with it)',
    );
  }
  const options = { ...config, filepath: file };
  const format = (text: string): Promise<string> => prettier.format(text, options);
  return {
    prettierPath: path,
    format,
    async sameContent(a, b) {
      if (a === b) return true;
      try {
        return (await format(a)) === (await format(b));
      } catch {
        return false; // not even valid TypeScript: certainly not the generated content
      }
    },
  };
}

async function loadPrettier(fromDir: string): Promise<{ prettier: Prettier; path: string } | undefined> {
  let path: string;
  try {
    path = createRequire(join(fromDir, 'noop.js')).resolve('prettier');
  } catch {
    return undefined;
  }
  const loaded = (await import(pathToFileURL(path).href)) as Partial<Prettier> & {
    default?: Partial<Prettier>;
  };
  const prettier = typeof loaded.format === 'function' ? loaded : loaded.default;
  if (typeof prettier?.format !== 'function' || typeof prettier.resolveConfig !== 'function')
    return undefined;
  return { prettier: prettier as Prettier, path };
}

function withoutWhitespace(text: string): string {
  return text.replace(/\s+/g, '');
}
