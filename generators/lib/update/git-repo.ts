// What update mode asks of git: is the plugin in a repository, is its tree clean, the pristine
// renders kept in the object database (reachable from a ref, so gc keeps them), and conflicts
// written into the index as stages 1/2/3 so that `git mergetool` and editors show them.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix, relative, sep } from 'node:path';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git; never throws for a failing command (code is -1 when git cannot be started). */
export function runGit(
  args: readonly string[],
  { cwd, input, env }: { cwd: string; input?: string; env?: NodeJS.ProcessEnv },
): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = spawn('git', args, {
      cwd,
      env: env ? { ...process.env, ...env } : process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: error.message }));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.on('error', () => undefined); // git may exit before reading its input
    child.stdin.end(input ?? '');
  });
}

async function gitOk(
  args: readonly string[],
  cwd: string,
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const result = await runGit(args, { cwd, ...options });
  if (result.code !== 0) {
    const reason = result.stderr.trim().split('\n')[0] ?? '';
    throw new Error(`git ${args[0] ?? ''} failed in ${cwd}: ${reason || `exit code ${result.code}`}`);
  }
  return result.stdout;
}

export interface GitRepo {
  /** The repository's top-level folder. */
  top: string;
  /** The plugin folder relative to `top`, posix, '' at the top or ending with '/'. */
  prefix: string;
}

export async function openRepository(dir: string): Promise<GitRepo | undefined> {
  const result = await runGit(['rev-parse', '--show-toplevel'], { cwd: dir });
  if (result.code !== 0) return undefined;
  const top = result.stdout.trim();
  const inside = relative(top, dir).split(sep).join(posix.sep);
  return { top, prefix: inside === '' ? '' : `${inside}/` };
}

/** Uncommitted changes and untracked files in the plugin folder, relative to it. */
export async function dirtyFiles(repo: GitRepo): Promise<string[]> {
  const status = await gitOk(
    ['status', '--porcelain', '-z', '--untracked-files=all', '--', '.'],
    join(repo.top, repo.prefix),
  );
  const paths: string[] = [];
  const records = status.split('\0');
  for (let i = 0; i < records.length; i += 1) {
    const record = records[i] ?? '';
    if (record.length < 4) continue;
    const path = record.slice(3);
    paths.push(path.startsWith(repo.prefix) ? path.slice(repo.prefix.length) : path);
    if (record[0] === 'R' || record[0] === 'C') i += 1; // the source path of a rename follows
  }
  return paths;
}

/** A blob's content, or undefined when the object database does not hold it. */
export async function readBlob(repo: GitRepo, id: string): Promise<string | undefined> {
  const result = await runGit(['cat-file', 'blob', id], { cwd: repo.top });
  return result.code === 0 ? result.stdout : undefined;
}

async function writeBlob(repo: GitRepo, content: string): Promise<string> {
  return (await gitOk(['hash-object', '-w', '--stdin'], repo.top, { input: content })).trim();
}

/** Where the pristine render of the plugin at `repo.prefix` is kept; one ref per plugin folder. */
export function baseRef(repo: GitRepo): string {
  if (repo.prefix === '') return 'refs/cloudify-plugin/base';
  const safe = repo.prefix
    .slice(0, -1)
    .split('/')
    .map((part) => part.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'dir')
    .join('/');
  return `refs/cloudify-plugin/base-of/${safe}`;
}

/** The message of a base commit: which plugin, rendered by which generator version. */
export function baseCommitMessage(record: { name: string; templateVersion: string }): string {
  return `${record.name}: files rendered by generator-cloudify-plugin ${record.templateVersion}`;
}

/** The ids `git update-index --index-info` reads: mode, blob, stage, path relative to the top. */
function indexLine(mode: string, id: string, stage: number, path: string): string {
  return `${mode} ${id} ${stage}\t${path}\n`;
}

/**
 * Commits `files` (the pristine render) as a tree under baseRef, its previous commit as parent,
 * so the blobs that the next update's merge starts from stay in the repository. Nothing is
 * committed when the ref already holds this tree. The commit is the generator's own: it carries a
 * fixed identity, so a repository without user.name works too.
 */
export async function recordBase(
  repo: GitRepo,
  files: ReadonlyMap<string, string>,
  message: string,
): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'cloudify-plugin-base-'));
  try {
    const env = { GIT_INDEX_FILE: join(scratch, 'index') };
    let lines = '';
    for (const [path, content] of files)
      lines += indexLine('100644', await writeBlob(repo, content), 0, path);
    await gitOk(['update-index', '--add', '--index-info'], repo.top, { input: lines, env });
    const tree = (await gitOk(['write-tree'], repo.top, { env })).trim();
    const ref = baseRef(repo);
    const parent = await runGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repo.top });
    const parentId = parent.code === 0 ? parent.stdout.trim() : undefined;
    if (parentId) {
      const parentTree = await runGit(['rev-parse', `${parentId}^{tree}`], { cwd: repo.top });
      if (parentTree.stdout.trim() === tree) return;
    }
    const identity = { NAME: 'generator-cloudify-plugin', EMAIL: 'generator-cloudify-plugin@localhost' };
    const commit = (
      await gitOk(['commit-tree', tree, ...(parentId ? ['-p', parentId] : []), '-m', message], repo.top, {
        env: {
          GIT_AUTHOR_NAME: identity.NAME,
          GIT_AUTHOR_EMAIL: identity.EMAIL,
          GIT_COMMITTER_NAME: identity.NAME,
          GIT_COMMITTER_EMAIL: identity.EMAIL,
        },
      })
    ).trim();
    await gitOk(['update-ref', ref, commit], repo.top);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export interface ConflictStages {
  /** Relative to the plugin folder. */
  path: string;
  /** Absent when there is no common ancestor (both sides added the file). */
  base?: string;
  ours: string;
  theirs: string;
}

/** Writes each conflict into the index as unmerged stages, as `git merge` leaves a conflict. */
export async function markConflicts(repo: GitRepo, conflicts: readonly ConflictStages[]): Promise<void> {
  let lines = '';
  for (const { path, base, ours, theirs } of conflicts) {
    const full = `${repo.prefix}${path}`;
    const staged = await runGit(['ls-files', '--stage', '--', full], { cwd: repo.top });
    const mode = /^(\d{6}) /.exec(staged.stdout)?.[1] ?? '100644';
    lines += indexLine('0', '0'.repeat(40), 0, full);
    if (base !== undefined) lines += indexLine(mode, await writeBlob(repo, base), 1, full);
    lines += indexLine(mode, await writeBlob(repo, ours), 2, full);
    lines += indexLine(mode, await writeBlob(repo, theirs), 3, full);
  }
  if (lines) await gitOk(['update-index', '--index-info'], repo.top, { input: lines });
}
