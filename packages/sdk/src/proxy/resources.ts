// Blueprint resources for the local proxy (cloudify/workflows/local.py `get_resource`,
// `download_resource`): files relative to the blueprint folder, rendered with Jinja syntax when
// asked (context/render.ts, the same rendering the SDK's ctx uses). Over the wire Python would
// fail to serialise get_resource's bytes; we answer the text instead, which is what callers want.
import { randomBytes } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { renderResource } from '../context/render.js';
import type { Properties } from '../context/types.js';
import { typeError } from './python/errors.js';
import { isDict, pythonTypeName } from './python/objects.js';

function pathArgument(value: unknown): string {
  if (typeof value !== 'string') {
    throw typeError(`expected str, bytes or os.PathLike object, not ${pythonTypeName(value)}`);
  }
  return value;
}

function variablesArgument(value: unknown): Properties | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isDict(value)) throw typeError(`template_variables must be a dict, not ${pythonTypeName(value)}`);
  return value;
}

/** `tempfile.mktemp(suffix='-<basename>')`, as Cloudify's local storage names downloads. */
function temporaryTarget(resourcePath: string): string {
  return join(tmpdir(), `tmp${randomBytes(4).toString('hex')}-${basename(resourcePath)}`);
}

export class BlueprintResources {
  constructor(private readonly blueprintDir: string) {}

  read(resourcePath: unknown): Promise<Buffer> {
    return readFile(resolve(this.blueprintDir, pathArgument(resourcePath)));
  }

  async readAndRender(resourcePath: unknown, variables: unknown, ctxView: unknown): Promise<Buffer> {
    const vars = variablesArgument(variables);
    return renderResource(await this.read(resourcePath), vars, ctxView);
  }

  async download(resourcePath: unknown, targetPath: unknown): Promise<string> {
    const source = resolve(this.blueprintDir, pathArgument(resourcePath));
    const target =
      targetPath === null || targetPath === undefined ? temporaryTarget(source) : pathArgument(targetPath);
    await copyFile(source, target);
    return target;
  }

  async downloadAndRender(
    resourcePath: unknown,
    targetPath: unknown,
    variables: unknown,
    ctxView: unknown,
  ): Promise<string> {
    const vars = variablesArgument(variables);
    const target = await this.download(resourcePath, targetPath);
    const rendered = await renderResource(await readFile(target), vars, ctxView);
    await writeFile(target, rendered);
    return target;
  }
}
