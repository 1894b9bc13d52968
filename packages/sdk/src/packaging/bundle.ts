// Bundles a plugin's entry into ONE self-contained ESM file that `node` runs as is: Cloudify's
// script runner downloads that file alone, so every dependency is inlined. CommonJS dependencies
// get a `require` (from createRequire) because ESM output has none.
import { build, type Message } from 'esbuild';

const SHEBANG = '#!/usr/bin/env node\n';
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __cloudifyPluginCreateRequire } from 'node:module';\n" +
  'const require = __cloudifyPluginCreateRequire(import.meta.url);';

export class BundleError extends Error {}

export interface Bundle {
  code: string;
  warnings: string[];
}

/** `src/main.ts:1:7: error: Could not resolve "./x.js"`, notes indented below. */
function format(messages: Message[], kind: 'error' | 'warning'): string[] {
  return messages.map((message) => {
    const location = message.location;
    const where = location ? `${location.file}:${location.line}:${location.column + 1}: ` : '';
    const notes = message.notes.map((note) => `\n  ${note.text}`).join('');
    return `${where}${kind}: ${message.text}${notes}`;
  });
}

/** Bundles `entry` (resolved against `cwd`) for Node 20+, with a shebang. */
export async function bundleEntry(entry: string, cwd: string): Promise<Bundle> {
  let result;
  try {
    result = await build({
      absWorkingDir: cwd,
      entryPoints: [entry],
      outfile: 'plugin.mjs',
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      banner: { js: CREATE_REQUIRE_BANNER },
    });
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (!errors) throw error;
    throw new BundleError(format(errors, 'error').join('\n'));
  }
  const [output] = result.outputFiles;
  if (!output) throw new BundleError('esbuild produced no output');
  const code = output.text.startsWith('#!') ? output.text : SHEBANG + output.text;
  return { code, warnings: format(result.warnings, 'warning') };
}
