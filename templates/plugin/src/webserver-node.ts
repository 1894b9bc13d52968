// The web server node type as its operations see it: its properties, typed from plugin.yaml (see
// plugin-types.ts), and what start records in its runtime properties for stop and the outputs.
import type { NodeOperationContext } from 'cloudify-plugin-sdk';
import type { NodeTypes } from './plugin-types.js';
import type { ServerIdentity } from './webserver.js';

/** The node types of plugin.yaml that this plugin's operations implement, by what they are. */
type Implemented = {
  webServer: NodeTypes['__nodeType__'];
};

/** The node type in plugin.yaml whose lifecycle start and stop implement. */
export type WebServerNode = Implemented['webServer'];

/** What start records, for stop and for the blueprint's outputs. */
export type WebServerRuntime = {
  webroot?: string;
  pid?: number;
  port?: number;
  /** Proves that a process on `port` is the one start launched. */
  token?: string;
  /** When the first attempt began (ms since the epoch): bounds the wait across retries. */
  startedAt?: number;
  url?: string;
};

export type WebServerContext = NodeOperationContext<WebServerNode['properties'], WebServerRuntime>;

/** The server start launched, if it recorded one. */
export function recordedServer(runtime: WebServerRuntime): ServerIdentity | undefined {
  const { pid, port, token } = runtime;
  return pid !== undefined && port !== undefined && token !== undefined
    ? { pid, port, token }
    : undefined;
}

export function forgetServer(runtime: WebServerRuntime): void {
  for (const key of ['webroot', 'pid', 'port', 'token', 'startedAt', 'url'] as const) {
    delete runtime[key];
  }
}
