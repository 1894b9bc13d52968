// Runs script operations locally the way Cloudify's script plugin runs them on a manager: the
// script alone in a fresh folder, inputs in the environment, a ctx proxy endpoint of its own
// (one HTTP server for the whole executor, an unguessable path per operation), a `ctx` command
// on its PATH, output lines as log events, and runtime properties saved when it ends, even when
// it fails. Only script operations run locally: Python plugin tasks need Cloudify's Python.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { mkdtemp, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanOperation } from '../dsl/plan.js';
import { createOperationContext, type ProxyLogLevel } from '../proxy/context-model.js';
import { answerCtxRequest } from '../proxy/protocol.js';
import { BlueprintResources } from '../proxy/resources.js';
import { ScriptOutcome } from '../proxy/script-outcome.js';
import { CtxProxyServer, type CtxProxyEndpoint } from '../proxy/server.js';
import { buildInvocation } from './command.js';
import { installCtxCommand } from './ctx-command.js';
import { scriptEnvironment } from './environment.js';
import { OperationFailure, nonRecoverable, recoverable } from './failure.js';
import { operationResult } from './outcome.js';
import { parseProcessConfig } from './process-config.js';
import { runProcess } from './process-runner.js';
import { OperationInstances } from './operation-instances.js';
import { prepareScript, ScriptSources } from './script-file.js';
import type { ExecutionEnvironment, OperationExecutor, OperationResult, OperationTask } from './types.js';

export interface ExecutorOptions {
  /** Where the executor's temporary folder goes (scripts, the `ctx` command); default the OS temp dir. */
  tempDir?: string;
  /** The environment scripts start from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Between SIGTERM and SIGKILL when an operation times out or is cancelled; default 2000 ms. */
  killGraceMs?: number;
}

const SCRIPT_PLUGIN = 'script';
const SCRIPT_TASK = 'script_runner.tasks.run';

interface Started {
  server: CtxProxyServer;
  root: string;
  binDir: string;
}

const isDirectory = (path: string): Promise<boolean> =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );

function isScriptOperation(operation: PlanOperation): boolean {
  return operation.plugin === SCRIPT_PLUGIN && operation.operation === SCRIPT_TASK;
}

/** `web_a1b2c3`, or `web_a1b2c3->db_x9y8z7` for a relationship operation. */
function subjectLabel(task: OperationTask): string {
  const { subject } = task;
  return subject.kind === 'node' ? subject.instanceId : `${subject.sourceId}->${subject.targetId}`;
}

/** What one operation holds while it runs, released when it ends. */
class Holdings {
  endpoint: CtxProxyEndpoint | undefined;
  /** Made synchronously, like the script in it (script-file.ts says why). */
  workDir: string | undefined;
  script: string | undefined;
}

async function removeFolder(dir: string, script: string | undefined): Promise<void> {
  try {
    if (script !== undefined) {
      await unlink(script);
      await rmdir(dir);
      return;
    }
  } catch {
    // The script left something there.
  }
  await rm(dir, { recursive: true, force: true });
}

/**
 * Removes the folders of finished operations in the background: the next operation need not wait
 * for it (a removal can wait on the file system journal while other files are flushed).
 */
class Cleanup {
  private readonly pending = new Set<Promise<void>>();

  /** `dir` and the script in it; anything else the script left there too, more slowly. */
  remove(dir: string, script: string | undefined): void {
    const removal: Promise<void> = removeFolder(dir, script)
      // Left for close(), which removes the executor's whole folder.
      .catch(() => undefined)
      .finally(() => this.pending.delete(removal));
    this.pending.add(removal);
  }

  async idle(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

class ScriptExecutor implements OperationExecutor {
  private started: Promise<Started> | undefined;
  private closed = false;
  /** Aborted by close(): kills what still runs. */
  private readonly shutdown = new AbortController();
  private readonly running = new Set<Promise<OperationResult>>();
  private readonly scripts = new ScriptSources();
  private readonly cleanup = new Cleanup();

  constructor(private readonly options: ExecutorOptions) {}

  private start(): Promise<Started> {
    this.started ??= (async () => {
      const root = await mkdtemp(join(this.options.tempDir ?? tmpdir(), 'cloudify-local-'));
      const binDir = join(root, 'bin');
      const [server] = await Promise.all([CtxProxyServer.start(), installCtxCommand(binDir)]);
      return { server, root, binDir };
    })();
    return this.started;
  }

  async execute(task: OperationTask, env: ExecutionEnvironment): Promise<OperationResult> {
    if (this.closed) throw new Error('the executor was closed; create a new one');
    const running = this.executeOperation(task, env);
    this.running.add(running);
    try {
      return await running;
    } finally {
      this.running.delete(running);
    }
  }

  private async executeOperation(task: OperationTask, env: ExecutionEnvironment): Promise<OperationResult> {
    const { operation } = task;
    // A NOP never reaches us from the workflows; if it does, there is nothing to run.
    if (!operation.implementation) return { status: 'succeeded' };
    if (!isScriptOperation(operation)) {
      return nonRecoverable(
        `${operation.name} maps to '${operation.implementation}', a task of plugin '${operation.plugin}': ` +
          'only script operations run locally (Cloudify runs plugin tasks in Python); ' +
          'map the operation to a script (a .js/.sh file, or script.script_runner.tasks.run with script_path)',
      ).toResult();
    }
    const started = await this.start();
    const subjects = new OperationInstances(task);
    const holdings = new Holdings();
    let result: OperationResult;
    try {
      result = await this.run(task, env, started, subjects, holdings);
    } catch (error) {
      result =
        error instanceof OperationFailure
          ? error.toResult()
          : {
              status: 'failed',
              recoverable: true,
              message: error instanceof Error ? error.message : String(error),
            };
    } finally {
      holdings.endpoint?.close();
      if (holdings.workDir) this.cleanup.remove(holdings.workDir, holdings.script);
    }
    const saveErrors = await subjects.saveAll();
    if (saveErrors.length === 0) return result;
    if (result.status === 'failed') {
      return { ...result, details: [result.details, ...saveErrors].filter(Boolean).join('\n') };
    }
    return { status: 'failed', recoverable: true, message: saveErrors.join('; ') };
  }

  private async run(
    task: OperationTask,
    env: ExecutionEnvironment,
    started: Started,
    subjects: OperationInstances,
    holdings: Holdings,
  ): Promise<OperationResult> {
    const { operation, plan } = task;
    const label = subjectLabel(task);
    const log = (level: ProxyLogLevel, message: string) =>
      env.emit({ type: 'log', subject: label, operation: operation.name, level, message });
    const config = parseProcessConfig(task.inputs.process);
    const outcome = new ScriptOutcome();
    const ctx = createOperationContext({
      task,
      taskId: randomUUID(),
      subjects: await subjects.load(env),
      storedRuntimeProperties: (id) => subjects.stored.get(id),
      log,
      outcome,
      resources: new BlueprintResources(plan.blueprintDir),
    });
    let socketUrl = '';
    if (config.ctxProxy) {
      holdings.endpoint = started.server.register((body) => answerCtxRequest(body, ctx));
      socketUrl = holdings.endpoint.url;
    }
    if (config.cwd !== undefined && !(await isDirectory(config.cwd))) {
      throw recoverable(`process.cwd '${config.cwd}' is not an existing folder`);
    }
    holdings.workDir = mkdtempSync(join(started.root, 'op-'));
    const script = await prepareScript(task.inputs, plan.blueprintDir, holdings.workDir, this.scripts);
    holdings.script = script.path;
    const invocation = buildInvocation(script.path, script.head, config);
    const timeoutSeconds =
      operation.timeout !== undefined && operation.timeout > 0 ? operation.timeout : undefined;
    const run = await runProcess({
      invocation,
      env: scriptEnvironment({
        base: this.options.env ?? process.env,
        inputs: task.inputs,
        processEnv: config.env,
        socketUrl,
        ctxBinDir: started.binDir,
      }),
      cwd: config.cwd,
      timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
      killGraceMs: this.options.killGraceMs ?? 2000,
      signal: env.signal ? AbortSignal.any([env.signal, this.shutdown.signal]) : this.shutdown.signal,
      onLine: (stream, line) => {
        if (stream === 'out' && config.logStdout) log('info', `<out> ${line}`);
        else if (stream === 'err' && config.logStderr)
          log('info', `${config.stderrToStdout ? '<out>' : '<err>'} ${line}`);
      },
    });
    log(
      'debug',
      `Execution done (PID=${run.pid ?? '-'}, return_code=${run.exitCode}): ${invocation.display}`,
    );
    return operationResult(run, outcome, {
      command: invocation.display,
      timeoutSeconds,
      timeoutRecoverable: operation.timeoutRecoverable ?? false,
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.shutdown.abort();
    await Promise.allSettled([...this.running]);
    await this.cleanup.idle();
    const started = await this.started?.catch(() => undefined);
    if (!started) return;
    await started.server.close();
    await rm(started.root, { recursive: true, force: true });
  }
}

/** The executor of the local workflows: script operations, each with its own ctx proxy endpoint. */
export function createExecutor(options: ExecutorOptions = {}): OperationExecutor {
  return new ScriptExecutor(options);
}
