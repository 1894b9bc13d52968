// The script runner's `process` input (reference cloudify-api.md §7.1): cwd, env, args,
// command_prefix, log_stdout/log_stderr/stderr_to_stdout, eval_python, ctx_proxy_type.
import { isDict } from '../proxy/python/objects.js';
import { nonRecoverable } from './failure.js';

export interface ProcessConfig {
  cwd?: string;
  env: Record<string, unknown>;
  args: string[];
  commandPrefix?: string;
  logStdout: boolean;
  logStderr: boolean;
  stderrToStdout: boolean;
  evalPython?: boolean;
  /** `none` starts no proxy (CTX_SOCKET_URL is empty). */
  ctxProxy: boolean;
}

function optionalString(config: Record<string, unknown>, key: string): string | undefined {
  const value = config[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw nonRecoverable(`process.${key} must be a string, not ${JSON.stringify(value)}`);
  return value;
}

export function parseProcessConfig(input: unknown): ProcessConfig {
  if (input !== undefined && input !== null && !isDict(input)) {
    throw nonRecoverable(`the 'process' input must be a mapping, not ${JSON.stringify(input)}`);
  }
  const config = input ?? {};
  const env = config.env ?? {};
  if (!isDict(env)) throw nonRecoverable(`process.env must be a mapping, not ${JSON.stringify(env)}`);
  const args = config.args ?? [];
  if (!Array.isArray(args)) throw nonRecoverable(`process.args must be a list, not ${JSON.stringify(args)}`);
  const proxyType = optionalString(config, 'ctx_proxy_type') ?? 'auto';
  if (!['auto', 'http', 'none'].includes(proxyType))
    throw nonRecoverable(`Unsupported proxy type: ${proxyType}`);
  return {
    cwd: optionalString(config, 'cwd'),
    env,
    args: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))),
    commandPrefix: optionalString(config, 'command_prefix'),
    logStdout: config.log_stdout !== false,
    logStderr: config.log_stderr !== false,
    stderrToStdout: config.stderr_to_stdout === true,
    evalPython: typeof config.eval_python === 'boolean' ? config.eval_python : undefined,
    ctxProxy: proxyType !== 'none',
  };
}
