// How a script is started (script_runner/tasks.py `execute`): Cloudify builds the string
// "<command_prefix> <script> <args…>" (args joined with spaces, unquoted) and runs it through the
// shell. We spawn it directly when that string has no shell syntax, which gives the same argv
// without a shell, and use /bin/sh -c only when it does. `.js/.cjs/.mjs` without a prefix run
// with this Node, other scripts by their shebang.
import { extname } from 'node:path';
import { nonRecoverable } from './failure.js';
import type { ProcessConfig } from './process-config.js';

export interface Invocation {
  file: string;
  args: string[];
  /** The command as Cloudify would write it, for messages. */
  display: string;
}

const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~={}!\n]/;
const NODE_EXTENSIONS = new Set(['.js', '.cjs', '.mjs']);

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '');

const shellQuote = (text: string): string =>
  /^[\w./+-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;

/** The command word: a bare `node` means the Node.js running us, as scripts expect locally. */
function commandFile(word: string): string {
  return word === 'node' ? process.execPath : word;
}

function checkShebang(head: string, scriptName: string): void {
  if (!head.startsWith('#!')) return;
  const firstLine = head.slice(0, head.indexOf('\n') === -1 ? undefined : head.indexOf('\n'));
  if (firstLine.endsWith('\r')) {
    throw nonRecoverable(
      `${scriptName} has Windows line endings (CRLF): its shebang line '${firstLine.slice(0, -1)}' cannot be run; ` +
        'convert the file to LF line endings',
    );
  }
}

/**
 * @param scriptPath the script in its temporary folder
 * @param head the first bytes of the script (shebang detection)
 */
export function buildInvocation(scriptPath: string, head: string, config: ProcessConfig): Invocation {
  const extension = extname(scriptPath).toLowerCase();
  const scriptName = scriptPath.slice(scriptPath.lastIndexOf('/') + 1);
  if (config.evalPython === true || (extension === '.py' && config.evalPython !== false)) {
    throw nonRecoverable(
      `${scriptName}: Cloudify runs Python scripts inside its own Python process, which cloudify-local does not have; ` +
        'run it as a process instead with `process: {eval_python: false, command_prefix: python3}`',
    );
  }
  const prefix = config.commandPrefix ?? (extension === '.ps1' ? 'powershell' : undefined);
  const display = [prefix, scriptPath, ...config.args].filter((w) => w !== undefined).join(' ');
  const needsShell = [prefix ?? '', ...config.args].some((part) => SHELL_SYNTAX.test(part));
  if (needsShell) {
    const shellPrefix = prefix?.replace(/^\s*node(?=\s|$)/, shellQuote(process.execPath));
    const command = [shellPrefix, shellQuote(scriptPath), ...config.args]
      .filter((w) => w !== undefined)
      .join(' ');
    return { file: '/bin/sh', args: ['-c', command], display };
  }
  const args = config.args.flatMap(words);
  if (prefix !== undefined) {
    const [first = '', ...rest] = words(prefix);
    return { file: commandFile(first), args: [...rest, scriptPath, ...args], display };
  }
  if (NODE_EXTENSIONS.has(extension)) return { file: process.execPath, args: [scriptPath, ...args], display };
  checkShebang(head, scriptName);
  // Without a shebang the kernel cannot run it, and the shell would read it as a shell script.
  if (!head.startsWith('#!')) return { file: '/bin/sh', args: [scriptPath, ...args], display };
  return { file: scriptPath, args, display };
}
