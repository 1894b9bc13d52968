// Puts the operation's script ALONE into the operation's fresh folder, executable (0755), as
// Cloudify's script runner does: `script_path` relative to the blueprint folder, a `file://` or
// http(s) URL, or inline `script_source`. A script that needs its sibling files fails here just
// as it would on a manager.
//
// Local files are read and written synchronously: they are small, and while an operation waits
// for libuv's thread pool it holds its parallelism slot. On a busy 2-core machine each such trip
// waits for a CPU; with the folder's removal they cost over 10 ms per operation (BENCHMARKS.md).
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { join, resolve } from 'node:path';
import { nonRecoverable, recoverable } from './failure.js';

export interface ScriptFile {
  path: string;
  /** The first bytes, for shebang detection. */
  head: string;
}

const MAX_REDIRECTS = 5;

function fetchText(url: string, ca: string | undefined, redirects = 0): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const onResponse = (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location && redirects < MAX_REDIRECTS) {
        response.resume();
        fetchText(new URL(location, url).href, ca, redirects + 1).then(resolvePromise, reject);
        return;
      }
      if (status !== 200) {
        response.resume();
        reject(nonRecoverable(`Failed downloading script: ${url} (status code: ${status})`));
        return;
      }
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    };
    const request = url.startsWith('https:')
      ? httpsGet(url, ca ? { ca } : {}, onResponse)
      : httpGet(url, onResponse);
    request.on('error', (error) =>
      reject(recoverable(`Failed downloading script: ${url}: ${error.message}`)),
    );
  });
}

/** Cloudify's textwrap.dedent of inline sources. */
function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => (l.trim() === '' ? l.trimStart() : l.slice(common))).join('\n');
}

/**
 * The scripts an executor has read, by path: a plugin bundle run by hundreds of operations is read
 * once, and again only when its size or modification time changes.
 */
export class ScriptSources {
  private readonly cache = new Map<string, { mtimeMs: number; size: number; content: Buffer }>();

  read(path: string): Buffer {
    const { mtimeMs, size } = statSync(path);
    const cached = this.cache.get(path);
    if (cached && cached.mtimeMs === mtimeMs && cached.size === size) return cached.content;
    const content = readFileSync(path);
    this.cache.set(path, { mtimeMs, size, content });
    return content;
  }
}

async function scriptContent(
  scriptPath: string,
  blueprintDir: string,
  sslCertContent: unknown,
  sources: ScriptSources,
): Promise<string | Buffer> {
  if (/^https?:\/\//.test(scriptPath)) {
    return fetchText(scriptPath, typeof sslCertContent === 'string' ? sslCertContent : undefined);
  }
  const [scheme, rest] = scriptPath.split('://', 2);
  const source = scheme === 'file' && rest !== undefined ? rest : resolve(blueprintDir, scriptPath);
  try {
    return sources.read(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Cloudify's local runner raises IOError here, which is recoverable.
    throw recoverable(
      code === 'ENOENT'
        ? `script not found: ${source} (script_path '${scriptPath}' is resolved against the blueprint folder ${blueprintDir})`
        : `cannot read script ${source}: ${(error as Error).message}`,
    );
  }
}

export async function prepareScript(
  inputs: Record<string, unknown>,
  blueprintDir: string,
  workDir: string,
  sources: ScriptSources,
): Promise<ScriptFile> {
  const scriptPath = inputs.script_path;
  const scriptSource = inputs.script_source;
  const hasPath = scriptPath !== undefined && scriptPath !== null && scriptPath !== '';
  const hasSource = scriptSource !== undefined && scriptSource !== null && scriptSource !== '';
  if (!hasPath && !hasSource) throw nonRecoverable('Either script_path or script_source must be provided');
  if (hasPath && hasSource) throw nonRecoverable('Only provide script_path or script_source, not both');
  let content: string | Buffer;
  let name: string;
  if (hasSource) {
    if (typeof scriptSource !== 'string') throw nonRecoverable('script_source must be a string');
    content = dedent(scriptSource);
    name = 'script.sh';
  } else {
    if (typeof scriptPath !== 'string')
      throw nonRecoverable(`script_path must be a string, not ${JSON.stringify(scriptPath)}`);
    content = await scriptContent(scriptPath, blueprintDir, inputs.ssl_cert_content, sources);
    name = scriptPath.split(/[\\/]/).at(-1) || 'script';
  }
  const path = join(workDir, name);
  writeFileSync(path, content, { mode: 0o755 });
  chmodSync(path, 0o755);
  const head =
    typeof content === 'string' ? content.slice(0, 256) : content.subarray(0, 256).toString('utf8');
  return { path, head };
}
