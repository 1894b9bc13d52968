// Events a workflow run emits: the CLI prints one readable line for each; tests assert on them.
import type { FailureKind } from './failures.js';

export type WorkflowEvent =
  | { type: 'workflow_started' | 'workflow_succeeded'; workflowId: string; executionId: string }
  | { type: 'workflow_failed'; workflowId: string; executionId: string; error: string }
  /** Stopped by its AbortSignal (Ctrl-C in the CLI). */
  | { type: 'workflow_cancelled'; workflowId: string; executionId: string }
  | { type: 'state_changed'; instanceId: string; state: string }
  /** Cloudify's node-instance events: "Creating node instance", "Relationships established", … */
  | { type: 'instance_event'; instanceId: string; message: string }
  | {
      type: 'task_started' | 'task_succeeded' | 'task_rescheduled' | 'task_failed';
      /** e.g. `web_a1b2c3` or `web_a1b2c3->db_x9y8z7` for a relationship operation. */
      subject: string;
      operation: string;
      /** 1-based. */
      attempt: number;
      message?: string;
      /** task_failed: why it failed (non_recoverable fails the workflow at once). */
      kind?: FailureKind;
      /** task_rescheduled / task_failed: seconds until the next attempt, when there is one. */
      retryIn?: number;
    }
  | {
      type: 'log';
      subject: string;
      operation: string;
      level: 'debug' | 'info' | 'warning' | 'error';
      message: string;
    };
