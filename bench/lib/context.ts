// What every comparison gets from the runner: the temporary folder, the environment to measure in,
// the peers (installed on first use), how many runs to make, and a progress log.
import type { Peers } from './peers.js';
import type { Scratch } from './scratch.js';

export type Depth = 'quick' | 'normal' | 'full';

export interface BenchContext {
  scratch: Scratch;
  /** The environment of every measured command, ours and the peers' (lib/environment.ts). */
  env: NodeJS.ProcessEnv;
  /** The environment of the setup steps that are not measured (npm installs of the peers). */
  setupEnv: NodeJS.ProcessEnv;
  /** quick: one run of each, for a smoke test; full: more runs and the largest sizes everywhere. */
  depth: Depth;
  peers(): Promise<Peers>;
  log(message: string): void;
}

export interface SuiteResult {
  title: string;
  /** One markdown table, then optional extra tables, each with a line of explanation before it. */
  tables: string[];
  notes: string[];
}

export interface Suite {
  /** For --only. */
  name: string;
  run(context: BenchContext): Promise<SuiteResult>;
}
