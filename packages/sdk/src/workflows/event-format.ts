// One readable line per workflow event, modelled on Cloudify's local event lines
// (reference cloudify-api.md §1.7):
//   2024-05-06 10:11:12.345  CFY <local> [web_a1b2c3.create] Task succeeded
//   2024-05-06 10:11:12.345  LOG <local> [web_a1b2c3->db_x9y8z7|establish] INFO: linked
import { formatFailure } from './failures.js';
import type { WorkflowEvent } from './events.js';
import type { WorkflowSummary } from './run.js';

export interface EventFormatOptions {
  deploymentId: string;
  /** Show debug logs and state changes (hidden by default, as Cloudify hides DEBUG). */
  verbose?: boolean;
  now?: Date;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local time, `YYYY-MM-DD HH:MM:SS.mmm`. */
export function timestamp(date: Date): string {
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${day} ${time}.${pad(date.getMilliseconds(), 3)}`;
}

/** `[web_a1b2c3.create]`, or `[src->tgt|establish]` for a relationship operation. */
function where(subject: string, operation: string): string {
  const short = operation.split('.').at(-1) ?? operation;
  return subject.includes('->') ? `[${subject}|${short}]` : `[${subject}.${short}]`;
}

const seconds = (s: number) => `${Number.isInteger(s) ? s : s.toFixed(1)} s`;

function text(event: WorkflowEvent, verbose: boolean): { kind: 'CFY' | 'LOG'; text: string } | undefined {
  switch (event.type) {
    case 'workflow_started':
      return { kind: 'CFY', text: `Starting '${event.workflowId}' workflow execution` };
    case 'workflow_succeeded':
      return { kind: 'CFY', text: `'${event.workflowId}' workflow execution succeeded` };
    case 'workflow_failed':
      return { kind: 'CFY', text: `'${event.workflowId}' workflow execution failed` };
    case 'workflow_cancelled':
      return { kind: 'CFY', text: `'${event.workflowId}' workflow execution cancelled` };
    case 'state_changed':
      return verbose ? { kind: 'CFY', text: `[${event.instanceId}] State: ${event.state}` } : undefined;
    case 'instance_event':
      return { kind: 'CFY', text: `[${event.instanceId}] ${event.message}` };
    case 'log':
      if (event.level === 'debug' && !verbose) return undefined;
      return {
        kind: 'LOG',
        text: `${where(event.subject, event.operation)} ${event.level.toUpperCase()}: ${event.message}`,
      };
    default: {
      const at = where(event.subject, event.operation);
      const attempt = event.attempt > 1 ? ` (attempt ${event.attempt})` : '';
      const next = event.retryIn === undefined ? '' : ` [retrying in ${seconds(event.retryIn)}]`;
      const message = event.message ? `: ${event.message}` : '';
      switch (event.type) {
        case 'task_started':
          return { kind: 'CFY', text: `${at} Task started${attempt}` };
        case 'task_succeeded':
          return {
            kind: 'CFY',
            text: `${at} Task succeeded${attempt}${event.message ? ` - ${event.message}` : ''}`,
          };
        case 'task_rescheduled':
          return { kind: 'CFY', text: `${at} Task rescheduled${attempt}${message}${next}` };
        case 'task_failed': {
          const kind = event.kind && event.kind !== 'recoverable' ? ` (${event.kind.replace('_', '-')})` : '';
          return { kind: 'CFY', text: `${at} Task failed${attempt}${kind}${message}${next}` };
        }
      }
    }
  }
}

/** The line for an event, or undefined when it is not shown (debug output without verbose). */
export function formatEvent(event: WorkflowEvent, options: EventFormatOptions): string | undefined {
  const line = text(event, options.verbose ?? false);
  if (!line) return undefined;
  return `${timestamp(options.now ?? new Date())}  ${line.kind} <${options.deploymentId}> ${line.text}`;
}

/** The closing summary: outcome, counts, wall time, then every failure with where it happened. */
export function formatSummary(summary: WorkflowSummary): string {
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const outcome = {
    terminated: 'succeeded',
    failed: 'failed',
    cancelled: 'was cancelled',
    started: 'is running',
  };
  const head =
    `${summary.workflowId} ${outcome[summary.status]}: ${plural(summary.operations, 'operation')} run, ` +
    `${plural(summary.retries, 'retry', 'retries')}, ` +
    `${plural(summary.failures.length, 'failure')} in ${(summary.durationMs / 1000).toFixed(2)} s`;
  return [head, ...summary.failures.map((f) => `  - ${formatFailure(f)}`)].join('\n');
}
