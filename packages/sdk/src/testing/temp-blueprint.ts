// The temporary blueprint folder of a workflow test (Cloudify's workflow_test): the blueprint,
// the plugin (its plugin.yaml and, when it has been packaged, its bundle folder) and the
// resources the test asks for, copied where the blueprint expects them.
import { access, cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

export type ResourceToCopy = string | readonly [source: string, destinationDir: string];

export interface TempBlueprintOptions {
  /** A path relative to `baseDir`, or the blueprint's YAML text (anything containing `tosca_definitions_version`). */
  blueprint: string;
  baseDir: string;
  copyPluginYaml?: boolean;
  resourcesToCopy?: readonly ResourceToCopy[];
  tempDirPrefix?: string;
}

export interface TempBlueprint {
  dir: string;
  blueprintPath: string;
  /** When copyPluginYaml found a plugin.yaml but no packaged plugin next to it: what to tell the user. */
  missingPackageHint?: string;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The packaged plugin of a generated plugin project: dist/package/plugins/<name>/{plugin.yaml, plugin.mjs}. */
export const PACKAGED_PLUGINS_DIR = join('dist', 'package', 'plugins');

export function isBlueprintText(blueprint: string): boolean {
  return blueprint.includes('tosca_definitions_version');
}

async function findUp(start: string, file: string): Promise<string | undefined> {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (await exists(join(dir, file))) return join(dir, file);
    if (dirname(dir) === dir) return undefined;
  }
}

export async function prepareTempBlueprint(options: TempBlueprintOptions): Promise<TempBlueprint> {
  const prefix = (options.tempDirPrefix ?? 'cloudify-workflow-test').replace(/[^\w.-]+/g, '-');
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  try {
    return await fill(dir, options);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function fill(dir: string, options: TempBlueprintOptions): Promise<TempBlueprint> {
  let blueprintPath: string;
  if (isBlueprintText(options.blueprint)) {
    blueprintPath = join(dir, 'blueprint.yaml');
    await writeFile(blueprintPath, options.blueprint);
  } else {
    const source = resolve(options.baseDir, options.blueprint);
    if (!(await exists(source))) {
      throw new Error(
        `workflow test: blueprint ${source} does not exist (given '${options.blueprint}', relative to ${options.baseDir})`,
      );
    }
    blueprintPath = join(dir, basename(source));
    await cp(source, blueprintPath);
  }
  const result: TempBlueprint = { dir, blueprintPath };

  if (options.copyPluginYaml) {
    const pluginYaml = await findUp(options.baseDir, 'plugin.yaml');
    if (!pluginYaml) {
      throw new Error(
        `workflow test: copyPluginYaml is set but there is no plugin.yaml in ${options.baseDir} or above`,
      );
    }
    await cp(pluginYaml, join(dir, 'plugin.yaml'));
    const packaged = join(dirname(pluginYaml), PACKAGED_PLUGINS_DIR);
    if (await exists(packaged)) {
      for (const entry of await readdir(packaged, { withFileTypes: true })) {
        if (entry.isDirectory())
          await cp(join(packaged, entry.name), join(dir, 'plugins', entry.name), { recursive: true });
      }
    } else {
      result.missingPackageHint =
        `no packaged plugin in ${packaged}: build it (npm run package) before running workflow tests ` +
        'that import plugins/<name>/plugin.yaml';
    }
  }

  for (const resource of options.resourcesToCopy ?? []) {
    const [source, destinationDir] = typeof resource === 'string' ? [resource, '.'] : resource;
    const from = resolve(options.baseDir, source);
    if (!(await exists(from)))
      throw new Error(`workflow test: resource ${from} does not exist (resourcesToCopy)`);
    const to = join(dir, destinationDir, basename(from));
    await mkdir(dirname(to), { recursive: true });
    await cp(from, to, { recursive: true });
  }
  return result;
}
