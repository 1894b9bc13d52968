// Facts about the generator package itself: where it is, its version, its templates, and which
// cloudify-plugin-sdk a generated plugin should depend on.
import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from './errors.js';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATOR_PACKAGE_NAME = 'generator-cloudify-plugin';
export const SDK_PACKAGE_NAME = 'cloudify-plugin-sdk';

export interface GeneratorPackage {
  root: string;
  version: string;
  /** templates/plugin: the emitted repository. */
  templatesDir: string;
}

function readPackageName(file: string): { name?: string; version?: string } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
  } catch {
    return undefined;
  }
}

/** Walks up from this module (generators/lib or dist/generators/lib) to the package root. */
export function findGeneratorPackage(fromUrl: string = import.meta.url): GeneratorPackage {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    const manifest = readPackageName(join(dir, 'package.json'));
    if (manifest?.name === GENERATOR_PACKAGE_NAME) {
      return {
        root: dir,
        version: manifest.version ?? '0.0.0',
        templatesDir: join(dir, 'templates', 'plugin'),
      };
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`Cannot find the ${GENERATOR_PACKAGE_NAME} package.json above ${fromUrl}`);
    dir = parent;
  }
}

export interface SdkSpec {
  /** What goes into the plugin's package.json. */
  spec: string;
  /** checkout: the SDK of this source checkout (nothing needs to be published); registry: npm. */
  source: 'checkout' | 'registry' | 'flag' | 'recorded';
  /** For a checkout: the SDK folder and whether it has been built (its dist/ is what a plugin uses). */
  sdkDir?: string;
  built?: boolean;
}

/**
 * The --sdk value as it goes into package.json. npm reads a relative path there against the plugin
 * folder, while the user meant the folder they ran us in: local paths are made absolute `file:` specs.
 */
export function sdkSpecFromFlag(given: string, cwd: string): SdkSpec {
  const path = given.startsWith('file:') ? given.slice('file:'.length) : given;
  const isUrl = /^[a-z][a-z+]*:/i.test(path) && !isAbsolute(path);
  const isLocal =
    given.startsWith('file:') ||
    isAbsolute(path) ||
    /^\.\.?([/\\]|$)/.test(path) ||
    /\.(tgz|tar\.gz)$/.test(path);
  // Anything else is a version range, a dist-tag, a git or a URL spec: npm reads those as they are.
  if (isUrl || !isLocal) return { spec: given, source: 'flag' };
  return { spec: `file:${resolve(cwd, path)}`, source: 'flag' };
}

/**
 * From a source checkout (packages/sdk next to the generator) a plugin depends on that SDK by path,
 * so it installs and passes its tests with nothing published; a published generator depends on the
 * SDK released with it (same version: the packages are versioned in lockstep).
 */
export function defaultSdkSpec(pkg: GeneratorPackage): SdkSpec {
  const sdkDir = join(pkg.root, 'packages', 'sdk');
  if (readPackageName(join(sdkDir, 'package.json'))?.name === SDK_PACKAGE_NAME) {
    return {
      spec: `file:${sdkDir}`,
      source: 'checkout',
      sdkDir,
      built: existsSync(join(sdkDir, 'dist', 'index.js')),
    };
  }
  return { spec: `^${pkg.version}`, source: 'registry' };
}

/**
 * The SDK spec of an update without --sdk: the recorded one, unless it was the generator's default
 * at the time (a checkout's packages/sdk, or ^<its version>): a default moves on with the generator.
 */
export function updateSdkSpec(
  recorded: string | undefined,
  recordedVersion: string | undefined,
  current: SdkSpec,
): SdkSpec {
  if (recorded === undefined) return current;
  const wasDefault =
    recorded === current.spec ||
    recorded === `^${recordedVersion ?? ''}` ||
    /^file:.*[/\\]packages[/\\]sdk$/.test(recorded);
  return wasDefault ? current : { spec: recorded, source: 'recorded' };
}

/** Tests and template development render from another copy of templates/plugin. */
export const TEMPLATES_DIR_ENV = 'CLOUDIFY_PLUGIN_TEMPLATES_DIR';

export function templatesDirFor(pkg: GeneratorPackage, env: NodeJS.ProcessEnv = process.env): string {
  const override = env[TEMPLATES_DIR_ENV];
  return override ? resolve(override) : pkg.templatesDir;
}

/** A templates folder named by TEMPLATES_DIR_ENV must look like templates/plugin. */
export function checkTemplatesDir(dir: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env[TEMPLATES_DIR_ENV] && !existsSync(join(dir, 'package.json'))) {
    throw new UsageError(
      `${TEMPLATES_DIR_ENV}=${dir} is not a plugin template folder (it has no package.json): point it at a ` +
        'copy of templates/plugin, or unset it.',
    );
  }
}
