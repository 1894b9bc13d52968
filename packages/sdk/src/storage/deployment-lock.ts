// One run per deployment at a time: a lock file created atomically (hard link of a complete
// temporary file, so it is never seen half-written) holding who owns it. A lock whose owner is
// gone (dead pid, or the pid now belongs to a younger process) is taken over with a warning; a
// live owner makes the second run fail with a message naming it and how to recover.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { DeploymentLockedError } from './types.js';

interface LockOwner {
  pid: number;
  hostname: string;
  /** Process start time from /proc (Linux), to tell a reused pid from the owner. */
  processStart?: string;
  lockedAt: string;
  command: string;
  token: string;
}

/** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot; undefined off Linux. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function ownerIsAlive(owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return true; // cannot tell: assume it runs
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = processStartTime(owner.pid);
  return owner.processStart === undefined || start === undefined || start === owner.processStart;
}

async function readOwner(path: string): Promise<LockOwner | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.token === 'string' ? owner : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function describe(owner: LockOwner): string {
  const where = owner.hostname === hostname() ? '' : ` on host ${owner.hostname}`;
  return `pid ${owner.pid}${where}, since ${owner.lockedAt}, running: ${owner.command}`;
}

export interface DeploymentLock {
  release(): Promise<void>;
}

export interface LockOptions {
  /** Names the deployment in messages. */
  deploymentId: string;
  warn(message: string): void;
}

async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  const temporary = `${path}.${owner.pid}.${owner.token}.tmp`;
  await writeFile(temporary, `${JSON.stringify(owner, null, 2)}\n`);
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** Removes a stale lock, unless someone replaced it meanwhile (then it is put back). */
async function takeOver(
  path: string,
  stale: LockOwner | 'unreadable',
  token: string,
): Promise<'taken' | 'gone' | 'changed'> {
  const moved = `${path}.stale.${token}`;
  try {
    await rename(path, moved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  const taken = await readOwner(moved);
  const same =
    stale === 'unreadable'
      ? taken === 'unreadable'
      : typeof taken === 'object' && taken.token === stale.token;
  if (!same) await link(moved, path).catch(() => undefined); // a fresh lock: put it back
  await unlink(moved).catch(() => undefined);
  return same ? 'taken' : 'changed';
}

export async function acquireDeploymentLock(path: string, options: LockOptions): Promise<DeploymentLock> {
  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    processStart: processStartTime(process.pid),
    lockedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(' ').slice(0, 300),
    token: randomBytes(8).toString('hex'),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryCreate(path, owner)) {
      return {
        release: async () => {
          const current = await readOwner(path);
          if (typeof current === 'object' && current.token === owner.token) await unlink(path);
          else
            options.warn(
              `the lock of deployment '${options.deploymentId}' was taken by another run; left it in place`,
            );
        },
      };
    }
    const holder = await readOwner(path);
    if (holder === 'missing') continue;
    if (holder !== 'unreadable' && ownerIsAlive(holder)) {
      throw new DeploymentLockedError(
        `deployment '${options.deploymentId}' is in use by another run (${describe(holder)}). ` +
          `Wait for it to finish; if that process is gone, delete ${path} and try again.`,
      );
    }
    if ((await takeOver(path, holder, owner.token)) === 'taken') {
      options.warn(
        holder === 'unreadable'
          ? `removed an unreadable lock file ${path} of deployment '${options.deploymentId}'`
          : `took over the lock of deployment '${options.deploymentId}' left by a run that is no longer running (${describe(holder)})`,
      );
    }
  }
  throw new DeploymentLockedError(
    `could not lock deployment '${options.deploymentId}': ${path} keeps changing; another run is starting. Try again.`,
  );
}
