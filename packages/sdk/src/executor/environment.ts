// The script's environment (script_runner/tasks.py `create_process_config` and
// `_get_process_environment`): the runner's environment, then every operation input, then
// process.env, then CTX_SOCKET_URL; PATH starts with the folder holding our `ctx` command.
import { tmpdir } from 'node:os';
import { delimiter } from 'node:path';
import { pythonJsonDumps, pythonStr } from '../proxy/python-format.js';

/** Inputs that are the script runner's own parameters, not environment variables. */
const RUNNER_PARAMETERS = new Set(['script_path', 'script_source', 'process', 'ssl_cert_content', 'ctx']);

/** Cloudify JSON-encodes dicts, lists and booleans and str()s the rest (so null is `None`). */
export function environmentValue(value: unknown): string {
  if (typeof value === 'boolean' || Array.isArray(value) || (typeof value === 'object' && value !== null)) {
    return pythonJsonDumps(value);
  }
  return pythonStr(value);
}

export interface EnvironmentParts {
  base: NodeJS.ProcessEnv;
  inputs: Record<string, unknown>;
  processEnv: Record<string, unknown>;
  socketUrl: string;
  ctxBinDir: string;
}

export function scriptEnvironment(parts: EnvironmentParts): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parts.base)) if (value !== undefined) env[key] = value;
  env.TMPDIR ??= tmpdir();
  for (const [key, value] of Object.entries(parts.inputs)) {
    if (!RUNNER_PARAMETERS.has(key)) env[key] = environmentValue(value);
  }
  for (const [key, value] of Object.entries(parts.processEnv)) env[key] = environmentValue(value);
  env.CTX_SOCKET_URL = parts.socketUrl;
  env.PATH = env.PATH ? `${parts.ctxBinDir}${delimiter}${env.PATH}` : parts.ctxBinDir;
  return env;
}
