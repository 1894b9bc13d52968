// A task graph in Cloudify's sense: steps with "runs after" dependencies, executed as soon as
// their dependencies are done (Kahn's algorithm driven by completions: O(steps + edges), no
// polling). After the first failure no further step starts; steps already running finish, and
// every failure they report is kept.
import type { TaskFailure } from './failures.js';

export interface Step {
  readonly name: string;
}

interface StepState extends Step {
  run: () => Promise<TaskFailure[]>;
  waitingFor: number;
  dependents: StepState[];
  started: boolean;
}

export class TaskGraph {
  readonly #steps: StepState[] = [];
  readonly #halt = new AbortController();

  constructor(readonly workflowId: string) {}

  /** Aborted after the first failure or on cancellation: retry waits and queued operations watch it. */
  get haltSignal(): AbortSignal {
    return this.#halt.signal;
  }

  get halted(): boolean {
    return this.#halt.signal.aborted;
  }

  /** Stops starting new steps; `reason` is kept for the report. */
  halt(reason: string): void {
    if (!this.#halt.signal.aborted) this.#halt.abort(reason);
  }

  /** `run` resolves with the failures of the step (empty when it succeeded). */
  add(name: string, run: () => Promise<TaskFailure[]>): Step {
    const step: StepState = { name, run, waitingFor: 0, dependents: [], started: false };
    this.#steps.push(step);
    return step;
  }

  /** `waiter` starts only after `dependency` has finished. */
  addDependency(waiter: Step, dependency: Step): void {
    const w = waiter as StepState;
    (dependency as StepState).dependents.push(w);
    w.waitingFor += 1;
  }

  /** Chains steps into a strict sequence and returns them. */
  sequence(steps: Step[]): Step[] {
    for (let i = 1; i < steps.length; i++) this.addDependency(steps[i]!, steps[i - 1]!);
    return steps;
  }

  get size(): number {
    return this.#steps.length;
  }

  /** Runs the graph to the end; resolves with every failure (empty: the graph succeeded). */
  run(): Promise<TaskFailure[]> {
    const failures: TaskFailure[] = [];
    let running = 0;
    let finished = 0;
    return new Promise((resolve) => {
      const settle = () => {
        if (running > 0) return;
        if (finished < this.#steps.length && !this.halted) {
          // Nothing runs and nothing can start: the remaining steps wait on each other.
          failures.push(this.#cycleFailure(this.#steps.filter((s) => !s.started)));
        }
        resolve(failures);
      };
      const start = (step: StepState) => {
        step.started = true;
        running += 1;
        step
          .run()
          .catch((error: unknown): TaskFailure[] => [this.#internalFailure(step.name, error)])
          .then((stepFailures) => {
            running -= 1;
            finished += 1;
            if (stepFailures.length > 0) {
              failures.push(...stepFailures);
              this.halt('failed');
            }
            if (!this.halted) {
              for (const dependent of step.dependents) {
                dependent.waitingFor -= 1;
                if (dependent.waitingFor === 0) start(dependent);
              }
            }
            settle();
          })
          .catch((error: unknown) => {
            failures.push(this.#internalFailure(step.name, error));
            resolve(failures);
          });
      };
      const roots = this.#steps.filter((s) => s.waitingFor === 0);
      for (const step of roots) start(step);
      settle();
    });
  }

  #internalFailure(stepName: string, error: unknown): TaskFailure {
    return {
      workflow: this.workflowId,
      kind: 'error',
      attempt: 0,
      message: `${stepName}: ${error instanceof Error ? error.message : String(error)}`,
      ...(error instanceof Error && error.stack ? { details: error.stack } : {}),
    };
  }

  #cycleFailure(stuck: Step[]): TaskFailure {
    const names = stuck.slice(0, 10).map((s) => s.name);
    const more = stuck.length > names.length ? ` and ${stuck.length - names.length} more` : '';
    return {
      workflow: this.workflowId,
      kind: 'error',
      attempt: 0,
      message: `circular dependency: these steps wait on each other and never start: ${names.join(', ')}${more}`,
    };
  }
}
