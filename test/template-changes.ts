// A template's next version, for the update tests: a modified copy of templates/plugin (a CI
// matrix, a new file, a dropped file, new scripts and options), named by CLOUDIFY_PLUGIN_TEMPLATES_DIR.
import assert from 'node:assert/strict';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMPLATES_DIR } from './helpers.js';

/** Replaces `from` by `to` in a file, failing when `from` is not there (the template moved on). */
export async function edit(path: string, from: string | RegExp, to: string): Promise<void> {
  const content = await readFile(path, 'utf8');
  assert.ok(
    typeof from === 'string' ? content.includes(from) : from.test(content),
    `${path} lacks ${String(from)}`,
  );
  await writeFile(path, content.replace(from, to));
}

export async function editJson(
  path: string,
  change: (json: Record<string, Record<string, unknown>>) => void,
) {
  const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, Record<string, unknown>>;
  change(json);
  await writeFile(path, `${JSON.stringify(json, null, 2)}\n`);
}

export async function readJson(path: string): Promise<Record<string, Record<string, unknown>>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, Record<string, unknown>>;
}

/** The template's next version, in `<work>/templates-next`; returns that folder. */
export async function changedTemplates(work: string): Promise<string> {
  const dir = join(work, 'templates-next');
  await cp(TEMPLATES_DIR, dir, { recursive: true });
  await edit(
    join(dir, '.github/workflows/ci.yml'),
    'node-version: [20, 22, 24]',
    'node-version: [20, 22, 24, 25]',
  );
  await rm(join(dir, '.editorconfig'));
  await writeFile(join(dir, '.nvmrc'), '22\n');
  await edit(
    join(dir, 'README.md'),
    'Node.js `^20.19.0 || >=22.13.0` is required.',
    'Node.js `^20.19.0 || >=22.13.0` is required; 22 is recommended (see `.nvmrc`).',
  );
  await editJson(join(dir, 'package.json'), (json) => {
    json['keywords'] = ['cloudify', 'cloudify-plugin'] as unknown as Record<string, unknown>;
    json['scripts'] = { ...json['scripts'], check: 'npm run lint && npm run typecheck && npm test' };
  });
  // Edited as text: the template stays prettier-clean (prettier keeps its short arrays on one line).
  await edit(
    join(dir, 'tsconfig.json'),
    '"strict": true,',
    '"strict": true,\n    "noImplicitReturns": true,',
  );
  await edit(
    join(dir, 'src/tasks.ts'),
    /^ \* Stops the server that start launched/m,
    ' * Stops the static web server that start launched',
  );
  await edit(join(dir, 'plugin.yaml'), 'retry_interval: 2', 'retry_interval: 3');
  return dir;
}
