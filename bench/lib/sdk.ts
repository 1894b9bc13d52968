// The SDK as users get it: its built dist/ (what `npm run build` and a published package hold),
// typed by its sources. Loading it by path keeps the typecheck of bench/ independent of the build.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SDK_DIST = fileURLToPath(new URL('../../packages/sdk/dist/', import.meta.url));

/** A module of the built SDK, e.g. `sdkModule<typeof import('…/src/local.js')>('local.js')`. */
export async function sdkModule<T>(path: string): Promise<T> {
  const file = `${SDK_DIST}${path}`;
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: the SDK is not built; run \`npm run build\` first (npm run bench does)`,
    );
  }
  return (await import(pathToFileURL(file).href)) as T;
}
