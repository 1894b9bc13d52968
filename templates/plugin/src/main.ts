// The process entry: Cloudify's script runner starts the bundle as `node plugin.mjs <operation>`
// with CTX_SOCKET_URL set, and runPlugin runs the operation exported under that name. The same file
// also runs the web server's own process (see webserver.ts), which must not run an operation.
import { runPlugin } from 'cloudify-plugin-sdk';
import * as operations from './tasks.js';
import { isServerProcess } from './webserver.js';

if (!isServerProcess()) await runPlugin(operations);
