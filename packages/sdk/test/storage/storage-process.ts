// A second process using a file storage, for the lock and crash tests:
//   node --import tsx/esm storage-process.ts <dir> <deployment> hold|write
// `hold` opens the deployment and keeps it open; `write` updates its instances until killed.
// Both print "ready" once the deployment is open.
import { createFileStorage } from '../../src/storage/file-storage.js';

const [dir = '', deploymentId = '', mode = 'hold'] = process.argv.slice(2);
const deployment = await createFileStorage(dir, {
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
}).open(deploymentId);
process.stdout.write('ready\n');
if (mode === 'write') {
  const ids = deployment.plan.nodeInstances.map((i) => i.id);
  for (let round = 0; ; round++) {
    await Promise.all(
      ids.map((id) =>
        deployment.updateInstance(id, {
          runtimeProperties: { round, payload: 'x'.repeat(4096 + (round % 7) * 1000) },
        }),
      ),
    );
  }
} else {
  setInterval(() => undefined, 1000);
}
