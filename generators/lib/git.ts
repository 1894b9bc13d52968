// The git steps: who the author is, whether a folder is already in a repository, the first commit.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function git(args: string[], cwd?: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', args, { cwd, encoding: 'utf8' });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

/** `Name <email>` from git config, or whichever of them is set (one git process for both). */
export async function gitAuthor(cwd?: string): Promise<string | undefined> {
  const entries = (await git(['config', '--get-regexp', '^user\\.(name|email)$'], cwd)) ?? '';
  const values = new Map<string, string>();
  for (const line of entries.split('\n')) {
    const space = line.indexOf(' ');
    // The last value wins, as with `git config user.name`.
    if (space > 0) values.set(line.slice(0, space), line.slice(space + 1).trim());
  }
  const [name, email] = [values.get('user.name'), values.get('user.email')];
  if (name && email) return `${name} <${email}>`;
  return name || (email ? `<${email}>` : undefined);
}

export async function isInsideGitRepository(dir: string): Promise<boolean> {
  return (await git(['rev-parse', '--is-inside-work-tree'], dir)) === 'true';
}

export type GitOutcome = { done: true } | { done: false; reason: string };

/** git init, add everything, first commit; on failure the new .git is removed again. */
export async function initRepository(dir: string, message: string): Promise<GitOutcome> {
  try {
    await run('git', ['init', '--quiet'], { cwd: dir });
  } catch (error) {
    return { done: false, reason: `git init failed: ${describe(error)}` };
  }
  try {
    await run('git', ['add', '--all'], { cwd: dir });
    await run('git', ['commit', '--quiet', '--no-verify', '--message', message], { cwd: dir });
    return { done: true };
  } catch (error) {
    await rm(join(dir, '.git'), { recursive: true, force: true });
    return { done: false, reason: `git commit failed: ${describe(error)}` };
  }
}

function describe(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  if (typeof stderr === 'string' && stderr.trim()) return stderr.trim().split('\n')[0] ?? '';
  return error instanceof Error ? error.message : String(error);
}
