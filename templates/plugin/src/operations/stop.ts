// cloudify.interfaces.lifecycle.stop of the web server node type (plugin.yaml): stops the server
// that start launched (and only that process), and removes its web root.
import { rm } from 'node:fs/promises';
import { operation } from 'cloudify-plugin-sdk';
import {
  forgetServer,
  recordedServer,
  type WebServerNode,
  type WebServerRuntime,
} from '../webserver-node.js';
import { stopServer } from '../webserver.js';

export const stop = operation<
  WebServerNode['properties'],
  WebServerRuntime,
  WebServerNode['inputs']['stop']
>(async (ctx) => {
  const runtime = ctx.instance.runtimeProperties;
  const server = recordedServer(runtime);
  if (server && (await stopServer(server))) {
    ctx.logger.info(`Stopped the web server (pid ${server.pid}) on port ${server.port}`);
  } else {
    ctx.logger.info(
      server
        ? `The web server is not running (pid ${server.pid} is gone or is another process)`
        : 'The web server is not running (start recorded no server)',
    );
  }
  if (runtime.webroot) await rm(runtime.webroot, { recursive: true, force: true });
  forgetServer(runtime);
});
