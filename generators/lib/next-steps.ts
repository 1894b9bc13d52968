// The closing message: where the plugin is and what to type next, in the user's package manager.
import { isAbsolute, relative } from 'node:path';
import { commandsFor, type PackageManager } from './package-manager.js';

export interface NextStepsInput {
  cwd: string;
  target: string;
  name: string;
  packageManager: PackageManager;
  /** false when the install was skipped or failed. */
  installed: boolean;
}

function shellWord(word: string): string {
  return /^[\w./@:+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function nextSteps({ cwd, target, name, packageManager, installed }: NextStepsInput): string {
  const { install, run } = commandsFor(packageManager);
  const steps: [string, string][] = [];
  const fromHere = relative(cwd, target);
  const where = fromHere.startsWith('..') || isAbsolute(fromHere) ? target : fromHere;
  if (where !== '') steps.push([`cd ${shellWord(where)}`, '']);
  if (!installed) steps.push([install.join(' '), 'install the dependencies']);
  steps.push(
    [`${run} test`, 'unit tests, then a workflow test that starts the web server'],
    [`${run} lint`, 'eslint, prettier, and src/plugin-types.ts up to date with plugin.yaml'],
    [`${run} package`, `bundle the plugin into dist/package/plugins/${name}/`],
  );
  const width = Math.max(...steps.filter(([, why]) => why).map(([command]) => command.length));
  return [
    `Created the Cloudify plugin ${name} in ${target}.`,
    '',
    'Next steps:',
    ...steps.map(([command, why]) => `  ${why ? `${command.padEnd(width)}  # ${why}` : command}`),
    '',
    'README.md explains how to test the plugin with a blueprint and deploy it to a Cloudify manager.',
  ].join('\n');
}
