#!/usr/bin/env node
// The `ctx` command of Cloudify's script plugin (cloudify/proxy/client.py), for shell scripts:
//   ctx [-t TIMEOUT] [--socket-url URL] [--json-arg-prefix @] [-j|--json-output] args...
// An argument starting with the prefix is JSON (`@14`, `@true`, `@{"k":1}`). The result goes to
// stdout without a newline: as JSON with -j, otherwise as Python's str() (`{'b': 1}`, True), with
// any falsy result printed as nothing. An error reply or stop_operation: message on stderr, exit 1.
import { isMainModule } from '../cli/is-main-module.js';
import { CtxProxyClient } from './client.js';
import { isPythonFalsy, pythonJsonDumps, pythonStr } from './python-format.js';

export interface CtxCliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
}

const USAGE = `usage: ctx [-h] [-t TIMEOUT] [--socket-url SOCKET_URL] [--json-arg-prefix JSON_ARG_PREFIX] [-j] [args ...]

Talks to the ctx proxy of the running Cloudify operation (CTX_SOCKET_URL), e.g.
  ctx node properties port
  ctx instance runtime-properties endpoint.port @8080
  ctx -j instance runtime-properties
  ctx logger info "started"
  ctx retry_operation "not up yet" @30

options:
  -h, --help            show this help message and exit
  -t, --timeout TIMEOUT seconds to wait for the reply (default 30)
  --socket-url SOCKET_URL
                        the proxy URL (default: $CTX_SOCKET_URL)
  --json-arg-prefix JSON_ARG_PREFIX
                        arguments starting with it are JSON (default @)
  -j, --json-output     print the result as JSON
`;

class UsageError extends Error {}

interface ParsedArgs {
  timeoutSeconds: number;
  socketUrl: string | undefined;
  jsonArgPrefix: string;
  jsonOutput: boolean;
  help: boolean;
  args: string[];
}

const LONG_OPTIONS = ['--timeout', '--socket-url', '--json-arg-prefix', '--json-output', '--help'];

/** Resolves an abbreviated long option as argparse does (`--json-o` is `--json-output`). */
function longOption(name: string): string {
  if (LONG_OPTIONS.includes(name)) return name;
  const matches = LONG_OPTIONS.filter((option) => option.startsWith(name));
  if (matches.length === 1 && matches[0]) return matches[0];
  throw new UsageError(
    matches.length > 1
      ? `ambiguous option: ${name} could match ${matches.join(', ')}`
      : `unrecognized arguments: ${name}`,
  );
}

const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;

export function parseCtxArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArgs {
  const parsed: ParsedArgs = {
    timeoutSeconds: 30,
    socketUrl: env['CTX_SOCKET_URL'],
    jsonArgPrefix: '@',
    jsonOutput: false,
    help: false,
    args: [],
  };
  const queue = [...argv];
  const valueOf = (option: string, inline: string | undefined): string => {
    const value = inline ?? queue.shift();
    if (value === undefined) throw new UsageError(`argument ${option}: expected one argument`);
    return value;
  };
  const setTimeoutValue = (text: string): void => {
    if (!/^\s*[-+]?\d+\s*$/.test(text))
      throw new UsageError(`argument -t/--timeout: invalid int value: '${text}'`);
    parsed.timeoutSeconds = Number(text);
  };
  while (queue.length > 0) {
    const arg = queue.shift() ?? '';
    if (arg === '--') {
      parsed.args.push(...queue.splice(0));
    } else if (arg.startsWith('--')) {
      const [name = '', inline] = arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg];
      const option = longOption(name);
      if (option === '--timeout') setTimeoutValue(valueOf(option, inline));
      else if (option === '--socket-url') parsed.socketUrl = valueOf(option, inline);
      else if (option === '--json-arg-prefix') parsed.jsonArgPrefix = valueOf(option, inline);
      else if (option === '--json-output') parsed.jsonOutput = true;
      else parsed.help = true;
    } else if (arg.startsWith('-') && arg.length > 1 && !NEGATIVE_NUMBER.test(arg)) {
      let flags = arg.slice(1);
      while (flags.length > 0) {
        const flag = flags[0];
        flags = flags.slice(1);
        if (flag === 'j') parsed.jsonOutput = true;
        else if (flag === 'h') parsed.help = true;
        else if (flag === 't') {
          setTimeoutValue(valueOf('-t', flags || undefined));
          flags = '';
        } else throw new UsageError(`unrecognized arguments: ${arg}`);
      }
    } else {
      parsed.args.push(arg);
    }
  }
  return parsed;
}

function decodeArgs(args: readonly string[], prefix: string): unknown[] {
  return args.map((arg) => {
    if (prefix === '' || !arg.startsWith(prefix)) return arg;
    const text = arg.slice(prefix.length);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new UsageError(
        `argument ${JSON.stringify(arg)} starts with ${prefix} but is not JSON: ${(error as Error).message}`,
      );
    }
  });
}

const defaultIo: CtxCliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

/** Runs the `ctx` command; resolves to its exit code (0 ok, 1 failed, 2 usage). */
export async function main(argv: readonly string[], io: CtxCliIo = defaultIo): Promise<number> {
  let parsed: ParsedArgs;
  let args: unknown[];
  try {
    parsed = parseCtxArgs(argv, io.env);
    if (parsed.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (!parsed.socketUrl) {
      throw new UsageError(
        'Missing CTX_SOCKET_URL environment variable or --socket-url command line argument',
      );
    }
    args = decodeArgs(parsed.args, parsed.jsonArgPrefix);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`ctx: error: ${error.message}\n`);
    return 2;
  }
  let client: CtxProxyClient;
  try {
    client = new CtxProxyClient(parsed.socketUrl, { timeoutMs: parsed.timeoutSeconds * 1000 });
  } catch (error) {
    io.stderr(`ctx: error: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    const response = await client.send(args);
    if (response.type === 'error') {
      io.stderr(`${response.errorType}: ${response.message}\n`);
      return 1;
    }
    if (response.type === 'stop_operation') {
      io.stderr(`${response.message}\n`);
      return 1;
    }
    const { payload } = response;
    if (parsed.jsonOutput) io.stdout(pythonJsonDumps(payload));
    else if (!isPythonFalsy(payload)) io.stdout(pythonStr(payload));
    return 0;
  } catch (error) {
    io.stderr(`ctx: ${(error as Error).message}\n`);
    return 1;
  } finally {
    client.close();
  }
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
