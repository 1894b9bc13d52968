// 4. ctx proxy: round-trip latency of 10 000 calls through the SDK's client and cloudify-local's
// proxy server, from inside a real operation, against a bare Node.js http POST on loopback made
// by the same script, call by call (workers/ctx-proxy.ts).
import type { BenchContext, Suite, SuiteResult } from '../lib/context.js';
import { formatDuration, formatRatio, markdownTable } from '../lib/markdown.js';
import { REPO_ROOT } from '../lib/sdk.js';
import { summarize, type Summary } from '../lib/stats.js';
import { runWorker } from '../lib/worker.js';
import type { LatencyRound } from '../workers/ctx-proxy.js';

const CALLS = 10_000;
const ROUNDS = { quick: 1, normal: 3, full: 10 };
/** Cloudify's own ctx proxy (the issue, quoted, not measured here). */
const CLOUDIFY = { p50: 0.58, p99: 2.8 };
const TARGET = { p50: 0.3, p99: 1 };

export const ctxProxy: Suite = {
  name: 'ctx-proxy',
  async run(context: BenchContext): Promise<SuiteResult> {
    const rounds = ROUNDS[context.depth];
    context.log(`ctx proxy: ${rounds} round(s) of ${CALLS} calls each way`);
    const results = await runWorker<LatencyRound[]>('ctx-proxy', [String(CALLS), String(rounds)], {
      cwd: REPO_ROOT,
      env: context.env,
    });
    const of = (side: 'sdk' | 'bare', p: 'p50' | 'p99') => summarize(results.map((r) => r[side][p]));
    const sdk = { p50: of('sdk', 'p50'), p99: of('sdk', 'p99') };
    const bare = { p50: of('bare', 'p50'), p99: of('bare', 'p99') };
    const cells = (s: Summary) => [formatDuration(s.median), formatDuration(s.min), formatDuration(s.max)];
    const row = (name: string, m: { p50: Summary; p99: Summary }) => [
      name,
      m.p50.runs,
      ...cells(m.p50),
      ...cells(m.p99),
      formatRatio(m.p50.median, bare.p50.median),
      formatRatio(m.p99.median, bare.p99.median),
      formatRatio(m.p50.median, CLOUDIFY.p50),
      formatRatio(m.p99.median, CLOUDIFY.p99),
    ];
    const table = markdownTable(
      [
        'client → server',
        'rounds',
        'p50 median',
        'p50 min',
        'p50 max',
        'p99 median',
        'p99 min',
        'p99 max',
        'p50 ÷ bare',
        'p99 ÷ bare',
        'p50 ÷ Cloudify',
        'p99 ÷ Cloudify',
      ],
      [
        row('SDK CtxProxyClient → cloudify-local proxy', sdk),
        row('bare http.request → bare http server', bare),
        [
          'Cloudify ctx proxy (quoted)',
          '—',
          formatDuration(CLOUDIFY.p50),
          '—',
          '—',
          formatDuration(CLOUDIFY.p99),
          '—',
          '—',
          formatRatio(CLOUDIFY.p50, bare.p50.median),
          formatRatio(CLOUDIFY.p99, bare.p99.median),
          '1.00×',
          '1.00×',
        ],
      ],
    );
    return {
      title: `ctx proxy: round trip of one call (${CALLS} calls per round)`,
      tables: [table],
      notes: [
        'The call is `ctx node properties port`, made by a script that cloudify-local runs as an operation: the SDK client posts to its operation endpoint, answered by the real context model. The same script posts the same bytes to a bare Node.js server (fixed reply, same length) in the runner process, alternating call by call; both keep their connection alive. p50 and p99 are per round, after a 1000-call warm-up.',
        `Targets: p50 under ${formatDuration(TARGET.p50)}, p99 under ${formatDuration(TARGET.p99)}. Cloudify's own proxy (quoted, not measured here): ${formatDuration(CLOUDIFY.p50)} p50, ${formatDuration(CLOUDIFY.p99)} p99.`,
      ],
    };
  },
};
