// The two front doors of one generator, run the same way so that a test can compare them:
// create-cloudify-plugin as a real process (stdin closed), and `yo cloudify-plugin[:<command>]` as yo
// runs it: the generator class given the same argv, with Yeoman's own logger, in-process.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createLogger } from '@yeoman/adapter';
import helpers from 'yeoman-test';
import CloudifyPluginGenerator from '../generators/app/index.js';
import NodeTypeGenerator from '../generators/node-type/index.js';
import OperationGenerator from '../generators/operation/index.js';
import RelationshipGenerator from '../generators/relationship/index.js';
import type { SubcommandName } from '../generators/lib/grow/commands.js';
import { plainEnv, ROOT, runCreate } from './helpers.js';

export type Command = 'app' | SubcommandName;

/** How a run ended, as its user sees it. */
export interface DoorOutcome {
  code: number;
  /** What it printed on stderr (both doors log there), with the folder it ran in shown as <cwd>. */
  stderr: string;
}

export const GENERATORS = {
  app: CloudifyPluginGenerator,
  operation: OperationGenerator,
  'node-type': NodeTypeGenerator,
  relationship: RelationshipGenerator,
} as const;

function shownRelative(text: string, cwd: string): string {
  return text.split(cwd).join('<cwd>');
}

/** `create-cloudify-plugin [<command>] …args` in `cwd`. */
export async function createDoor(
  command: Command,
  args: readonly string[],
  cwd: string,
): Promise<DoorOutcome> {
  const result = await runCreate(command === 'app' ? args : [command, ...args], { cwd, env: plainEnv() });
  return { code: result.code ?? -1, stderr: shownRelative(result.stderr, cwd) };
}

/**
 * `yo cloudify-plugin[:<command>] …args` in `cwd`: the generator parses the argv, logs through
 * Yeoman's logger, and a run that throws ends as yo ends it, with the error's message and its code
 * (yo heads the message with "Error <args>", not shown here).
 */
export async function yoDoor(command: Command, args: readonly string[], cwd: string): Promise<DoorOutcome> {
  const stream = new PassThrough();
  let stderr = '';
  stream.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const originalCwd = process.cwd();
  const context = helpers
    .run(GENERATORS[command], {
      resolved: join(ROOT, 'generators', command, 'index.ts'),
      namespace: `cloudify-plugin:${command}`,
      autoCleanup: false,
    })
    .cd(cwd)
    .withArguments([...args])
    // yeoman-test's defaults are force and skip-install; yo's are neither.
    .withOptions({ force: false, skipInstall: false } as never)
    // yeoman-test's adapter only records log calls: the generator gets the logger yo gives it.
    .onGenerator((generator) => {
      const output = stream as unknown as NodeJS.WriteStream;
      (generator as unknown as { log: unknown }).log = createLogger({ stdout: output, stderr: output });
    });
  let code = 0;
  try {
    await context;
  } catch (error) {
    const { message, code: exitCode } = error as { message: string; code?: unknown };
    stderr += `${message}\n`;
    code = typeof exitCode === 'number' && exitCode !== 0 ? exitCode : 1;
  } finally {
    process.chdir(originalCwd);
    const { temporaryDir } = context as unknown as { temporaryDir?: string };
    if (temporaryDir) await rm(temporaryDir, { recursive: true, force: true });
  }
  return { code, stderr: shownRelative(stderr, cwd) };
}

export const DOORS = { 'create-cloudify-plugin': createDoor, yo: yoDoor } as const;
