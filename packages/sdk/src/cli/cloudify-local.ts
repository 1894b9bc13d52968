#!/usr/bin/env node
// cloudify-local: Cloudify's local workflows from the command line. Validate a blueprint, init a
// deployment, run install / uninstall / any workflow, read outputs and node instances.
// Exit codes: 0 ok, 1 failed, 2 usage.
import { relative } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import {
  BlueprintInvalidError,
  DEFAULT_DEPLOYMENT,
  DEFAULT_RETRY_INTERVAL,
  DEFAULT_STORAGE_DIR,
  DEFAULT_TASK_RETRIES,
  DeploymentExistsError,
  DeploymentLockedError,
  DeploymentNotFoundError,
  formatDslError,
  initEnvironment,
  loadEnvironment,
  validate,
  type DslError,
  type EnvironmentOptions,
} from '../local.js';
import { formatEvent, formatSummary } from '../workflows/event-format.js';
import { WorkflowCancelledError, WorkflowFailedError, WorkflowUsageError } from '../workflows/failures.js';
import type { WorkflowSummary } from '../workflows/run.js';
import { DEFAULT_PARALLELISM } from '../workflows/run.js';
import { collectKeyValues, integerAtLeast, secondsAtLeastZero } from './cloudify-local-args.js';
import { commanderExitCode } from './commander-exit.js';
import { isMainModule } from './is-main-module.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

interface CommonOptions {
  name: string;
  storageDir: string;
  verbose?: boolean;
  json?: boolean;
}

interface RunOptions extends CommonOptions {
  taskRetries: number;
  retryInterval: number;
  parallelism: number;
  parameters?: Record<string, unknown>;
  allowCustomParameters?: boolean;
}

/** Thrown by commands to end with an exit code, the message already printed. */
class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function environmentOptions(options: CommonOptions): EnvironmentOptions {
  return { name: options.name, storageDir: options.storageDir };
}

function printDslErrors(io: Io, errors: readonly DslError[], blueprint: string): void {
  for (const error of errors) io.out(formatDslError(error, { relativeTo: process.cwd() }));
  const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
  io.err(`${relative(process.cwd(), blueprint) || blueprint}: ${count}`);
}

function withOutput(command: Command, json: boolean): Command {
  command.option('-v, --verbose', 'show debug logs, state changes and stack traces');
  if (json) command.option('--json', 'print the result as JSON');
  return command;
}

/** The options of every command that works on a stored deployment. */
function withCommon(command: Command, json = false): Command {
  command
    .option('-n, --name <deployment>', 'deployment name', DEFAULT_DEPLOYMENT)
    .option('--storage-dir <dir>', 'where deployments are stored', DEFAULT_STORAGE_DIR);
  return withOutput(command, json);
}

function withRunOptions(command: Command, parametersFlag: boolean): Command {
  withCommon(command, true)
    .addOption(
      new Option('--task-retries <n>', 'retries per operation (-1: forever)')
        .argParser(integerAtLeast(-1, '--task-retries'))
        .default(DEFAULT_TASK_RETRIES),
    )
    .addOption(
      new Option('--retry-interval <seconds>', 'wait between attempts')
        .argParser(secondsAtLeastZero)
        .default(DEFAULT_RETRY_INTERVAL),
    )
    .addOption(
      new Option('--parallelism <n>', 'operations running at the same time')
        .argParser(integerAtLeast(1, '--parallelism'))
        .default(DEFAULT_PARALLELISM),
    );
  if (parametersFlag) {
    command
      .option(
        '-p, --parameters <params>',
        'workflow parameters: params.yaml, key=value[;key=value] or {yaml mapping}; repeatable',
        collectKeyValues('-p'),
      )
      .option('--allow-custom-parameters', 'allow parameters the workflow does not declare');
  }
  return command;
}

async function runWorkflow(io: Io, workflow: string, options: RunOptions): Promise<void> {
  const env = await loadEnvironment(environmentOptions(options));
  const controller = new AbortController();
  const onSigint = () => {
    io.err('Cancelling: no new operation starts; running ones are stopped.');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  const show = options.json ? io.err : io.out;
  let summary: WorkflowSummary | undefined;
  try {
    summary = await env.execute(workflow, {
      taskRetries: options.taskRetries,
      retryInterval: options.retryInterval,
      parallelism: options.parallelism,
      signal: controller.signal,
      ...(options.parameters ? { parameters: options.parameters } : {}),
      ...(options.allowCustomParameters ? { allowCustomParameters: true } : {}),
      onEvent: (event) => {
        const line = formatEvent(event, { deploymentId: env.name, verbose: options.verbose ?? false });
        if (line !== undefined) show(line);
      },
    });
  } catch (error) {
    if (!(error instanceof WorkflowFailedError || error instanceof WorkflowCancelledError)) throw error;
    if (error instanceof WorkflowCancelledError) io.err(error.message);
    summary = error.summary;
    if (!summary) throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await env.close();
  }
  if (summary) {
    if (options.json) io.out(JSON.stringify(summary, null, 2));
    else io.out(formatSummary(summary));
  }
  if (summary?.status !== 'terminated') throw new Exit(1);
}

function buildProgram(io: Io): Command {
  const program = new Command('cloudify-local')
    .description("Run Cloudify's local workflows on a blueprint: validate, init, install, uninstall, execute")
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();

  withOutput(program.command('validate').argument('<blueprint>', 'blueprint file'), true)
    .description('check a blueprint (and inputs, if given) and print every error as file:line:col')
    .option(
      '-i, --inputs <inputs>',
      'inputs: inputs.yaml, key=value[;key=value] or {yaml mapping}; repeatable',
      collectKeyValues('-i'),
    )
    .action(async (blueprint: string, options: { json?: boolean; inputs?: Record<string, unknown> }) => {
      const errors = await validate(blueprint, options.inputs);
      if (options.json) io.out(JSON.stringify({ valid: errors.length === 0, errors }, null, 2));
      else if (errors.length === 0) io.out(`${blueprint}: valid`);
      else printDslErrors(io, errors, blueprint);
      if (errors.length > 0) throw new Exit(1);
    });

  withCommon(program.command('init'))
    .description('create a local deployment from a blueprint and its inputs')
    .requiredOption('-b, --blueprint <path>', 'blueprint file')
    .option(
      '-i, --inputs <inputs>',
      'inputs: inputs.yaml, key=value[;key=value] or {yaml mapping}; repeatable',
      collectKeyValues('-i'),
    )
    .option('--replace', 'replace an existing deployment of that name (its recorded state is lost)')
    .action(
      async (
        options: CommonOptions & { blueprint: string; inputs?: Record<string, unknown>; replace?: boolean },
      ) => {
        const env = await initEnvironment({
          ...environmentOptions(options),
          blueprint: options.blueprint,
          inputs: options.inputs ?? {},
          replace: options.replace ?? false,
        });
        const { nodes, nodeInstances } = env.plan;
        await env.close();
        io.out(
          `Initialized deployment '${options.name}' from ${options.blueprint}: ${nodes.length} nodes, ` +
            `${nodeInstances.length} node instances (stored in ${options.storageDir}). Next: cloudify-local install` +
            (options.name === DEFAULT_DEPLOYMENT ? '' : ` --name ${options.name}`),
        );
      },
    );

  for (const workflow of ['install', 'uninstall'] as const) {
    withRunOptions(program.command(workflow), true)
      .description(`run the ${workflow} workflow on the deployment`)
      .action((options: RunOptions) => runWorkflow(io, workflow, options));
  }

  withRunOptions(program.command('execute'), true)
    .description(
      'run a workflow of the blueprint (install, uninstall, reinstall, start, stop, restart, execute_operation)',
    )
    .requiredOption('-w, --workflow <name>', 'workflow to run')
    .action((options: RunOptions & { workflow: string }) => runWorkflow(io, options.workflow, options));

  withCommon(program.command('outputs'), true)
    .description("print the deployment's outputs")
    .action(async (options: CommonOptions) => {
      const env = await loadEnvironment(environmentOptions(options));
      try {
        const outputs = await env.outputs();
        if (options.json) io.out(JSON.stringify(outputs, null, 2));
        else for (const [key, value] of Object.entries(outputs)) io.out(`${key}: ${JSON.stringify(value)}`);
      } finally {
        await env.close();
      }
    });

  withCommon(program.command('instances'), true)
    .description("print the deployment's node instances: state and runtime properties")
    .option('--node <name>', 'only the instances of this node')
    .action(async (options: CommonOptions & { node?: string }) => {
      const env = await loadEnvironment(environmentOptions(options));
      try {
        if (options.node && !env.plan.nodes.some((n) => n.name === options.node)) {
          io.err(`no node named '${options.node}' (nodes: ${env.plan.nodes.map((n) => n.name).join(', ')})`);
          throw new Exit(2);
        }
        const instances = await env.instances(options.node);
        if (options.json) io.out(JSON.stringify(instances, null, 2));
        else {
          for (const i of instances)
            io.out(`${i.id}  ${i.nodeName}  ${i.state}  ${JSON.stringify(i.runtimeProperties)}`);
        }
      } finally {
        await env.close();
      }
    });
  return program;
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  const verbose = argv.includes('-v') || argv.includes('--verbose');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof Exit) return error.code;
    if (error instanceof CommanderError) {
      return commanderExitCode(error);
    }
    if (error instanceof BlueprintInvalidError) {
      printDslErrors(io, error.errors, error.blueprint);
      return 1;
    }
    if (error instanceof WorkflowUsageError) {
      io.err(`error: ${error.message}`);
      return 2;
    }
    if (error instanceof DeploymentExistsError) {
      io.err(`error: ${error.message} (cloudify-local init --replace, or --name <another>)`);
      return 1;
    }
    if (error instanceof DeploymentNotFoundError || error instanceof DeploymentLockedError) {
      io.err(`error: ${error.message}`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`error: ${message}`);
    if (verbose && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  }
}

if (isMainModule(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
