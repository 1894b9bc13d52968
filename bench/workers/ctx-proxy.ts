// Worker: the ctx proxy round trip as a script sees it. cloudify-local runs one operation
// (fixtures/ctx-proxy) whose script calls its ctx proxy endpoint through the SDK's client, and
// a bare Node.js HTTP server in this same process that answers the same bytes, alternately.
//   node --import tsx/esm bench/workers/ctx-proxy.ts <calls> <rounds>
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SDK_DIST, sdkModule } from '../lib/sdk.js';
import { reportResult } from '../lib/worker.js';

type Local = typeof import('../../packages/sdk/src/local.js');

export interface LatencyRound {
  sdk: { p50: number; p99: number };
  bare: { p50: number; p99: number };
}

const FIXTURE = fileURLToPath(new URL('../fixtures/ctx-proxy/', import.meta.url));
/** What the SDK's server answers to `node properties port` (port 8000). */
const REPLY = '{"type": "result", "payload": 8000}';

const [calls, rounds] = process.argv.slice(2).map(Number);
if (!calls || !rounds) {
  process.stderr.write('usage: ctx-proxy.ts <calls> <rounds>\n');
  process.exit(2);
}

const local = await sdkModule<Local>('local.js');
const scratch = await mkdtemp(join(tmpdir(), 'bench-ctx-proxy-'));
const bare = createServer({ keepAlive: true }, (request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(REPLY),
    });
    response.end(REPLY);
  });
});
try {
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  await cp(FIXTURE, join(scratch, 'blueprint'), { recursive: true });
  const resultFile = join(scratch, 'latencies.json');
  const env = await local.initEnvironment({
    blueprint: join(scratch, 'blueprint', 'blueprint.yaml'),
    storageDir: join(scratch, 'state'),
    inputs: {
      calls,
      rounds,
      bare_url: `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`,
      sdk_url: pathToFileURL(join(SDK_DIST, 'index.js')).href,
      result_file: resultFile,
    },
  });
  try {
    await env.execute('install', { taskRetries: 0 });
  } finally {
    await env.close();
  }
  reportResult(JSON.parse(await readFile(resultFile, 'utf8')) as LatencyRound[]);
} finally {
  bare.closeAllConnections();
  bare.close();
  await rm(scratch, { recursive: true, force: true });
}
