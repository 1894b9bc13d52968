// Interfaces and operations: parsing them (in types, input schemas; in templates, input values),
// merging them down a type chain and a template over its type (Cloudify's operation merger), and
// resolving an implementation string to what runs it (reference cloudify-api.md §6.6).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from './errors.js';
import type { ParseContext, Where } from './parse-context.js';
import type { Executor, PlanOperation, PlanPlugin } from './plan.js';
import { parseSchema, type SchemaMap } from './schema.js';
import { pythonRepr } from './values.js';
import { isYamlMap, type YamlMap } from './yaml-source.js';

export interface OperationSpec {
  /** '' for a NOP. */
  implementation: string;
  /** Type level: a schema; its defaults become values. */
  inputSchema?: SchemaMap;
  /** Template level: values. */
  inputValues?: YamlMap;
  executor?: Exclude<Executor, 'auto'>;
  maxRetries?: number;
  retryInterval?: number;
  timeout?: number;
  timeoutRecoverable?: boolean;
  where: Where;
}

/** interface name -> operation name -> spec, in declaration order. */
export type Interfaces = Map<string, Map<string, OperationSpec>>;

const OPERATION_KEYS = [
  'implementation',
  'inputs',
  'executor',
  'max_retries',
  'retry_interval',
  'timeout',
  'timeout_recoverable',
];
const EXECUTORS = ['central_deployment_agent', 'host_agent'];

export function parseInterfaces(
  raw: unknown,
  container: unknown,
  key: string,
  path: string,
  ctx: ParseContext,
  level: 'type' | 'template',
): Interfaces {
  const interfaces: Interfaces = new Map();
  const map = ctx.map(raw, container, key, path);
  for (const [interfaceName, ops] of Object.entries(map ?? {})) {
    const ifacePath = `${path}.${interfaceName}`;
    const opsMap = ops === null ? {} : ctx.map(ops, map, interfaceName, ifacePath);
    if (!opsMap) continue;
    const operations = new Map<string, OperationSpec>();
    for (const [opName, op] of Object.entries(opsMap)) {
      const spec = parseOperation(
        op,
        opsMap,
        opName,
        `${ifacePath}.${opName}`,
        `${interfaceName}.${opName}`,
        ctx,
        level,
      );
      if (spec) operations.set(opName, spec);
    }
    interfaces.set(interfaceName, operations);
  }
  return interfaces;
}

function parseOperation(
  raw: unknown,
  container: YamlMap,
  key: string,
  path: string,
  fullName: string,
  ctx: ParseContext,
  level: 'type' | 'template',
): OperationSpec | undefined {
  const where: Where = { container, key, path, which: 'key' };
  if (raw === null || raw === undefined) return { implementation: '', where };
  if (typeof raw === 'string') return { implementation: raw, where };
  if (!isYamlMap(raw)) {
    ctx.error(ErrorCode.format, `Operation '${fullName}' must be an implementation string or a map`, where);
    return undefined;
  }
  ctx.checkKeys(raw, OPERATION_KEYS, path);
  const spec: OperationSpec = {
    implementation: ctx.string(raw.implementation, raw, 'implementation', `${path}.implementation`) ?? '',
    where,
  };
  if (level === 'type') spec.inputSchema = parseSchema(raw.inputs, raw, 'inputs', `${path}.inputs`, ctx);
  else spec.inputValues = ctx.map(raw.inputs, raw, 'inputs', `${path}.inputs`) ?? {};
  if (raw.executor !== undefined && raw.executor !== null) {
    if (typeof raw.executor === 'string' && EXECUTORS.includes(raw.executor)) {
      spec.executor = raw.executor as OperationSpec['executor'];
    } else {
      ctx.error(
        ErrorCode.invalidExecutor,
        `Operation '${fullName}' has an illegal executor value ${pythonRepr(raw.executor)}. valid values are [${EXECUTORS.join(',')}]`,
        { container: raw, key: 'executor', path: `${path}.executor` },
      );
    }
  }
  if (raw.max_retries !== undefined) {
    ctx.gate('operationMaxRetries', `'max_retries'`, raw, 'max_retries', `${path}.max_retries`);
    spec.maxRetries = number(
      raw,
      'max_retries',
      path,
      ctx,
      (n) => Number.isInteger(n) && n >= -1,
      'an integer, -1 (unlimited) or more',
    );
  }
  if (raw.retry_interval !== undefined) {
    ctx.gate('operationRetryInterval', `'retry_interval'`, raw, 'retry_interval', `${path}.retry_interval`);
    spec.retryInterval = number(
      raw,
      'retry_interval',
      path,
      ctx,
      (n) => n >= 0,
      'a non-negative number of seconds',
    );
  }
  if (raw.timeout !== undefined)
    spec.timeout = number(raw, 'timeout', path, ctx, (n) => n >= 0, 'a non-negative number of seconds');
  if (raw.timeout_recoverable !== undefined) {
    if (typeof raw.timeout_recoverable === 'boolean') spec.timeoutRecoverable = raw.timeout_recoverable;
    else
      ctx.error(ErrorCode.format, `'timeout_recoverable' must be true or false`, {
        container: raw,
        key: 'timeout_recoverable',
        path,
      });
  }
  return spec;
}

function number(
  raw: YamlMap,
  key: string,
  path: string,
  ctx: ParseContext,
  ok: (n: number) => boolean,
  what: string,
): number | undefined {
  const value = raw[key];
  if (value === null) return undefined;
  if (typeof value === 'number' && ok(value)) return value;
  ctx.error(ErrorCode.format, `'${key}' must be ${what}, got ${pythonRepr(value)}`, {
    container: raw,
    key,
    path: `${path}.${key}`,
  });
  return undefined;
}

const isNop = (op: OperationSpec): boolean =>
  op.implementation === '' &&
  (op.inputSchema?.size ?? 0) === 0 &&
  Object.keys(op.inputValues ?? {}).length === 0 &&
  op.executor === undefined &&
  op.maxRetries === undefined &&
  op.retryInterval === undefined &&
  op.timeout === undefined &&
  op.timeoutRecoverable === undefined;

/** A derived type's interfaces over its parent's: an operation it declares replaces the parent's. */
export function mergeTypeInterfaces(parent: Interfaces, child: Interfaces): Interfaces {
  const merged: Interfaces = new Map([...parent].map(([name, ops]) => [name, new Map(ops)]));
  for (const [name, ops] of child) {
    const target = merged.get(name) ?? new Map<string, OperationSpec>();
    for (const [opName, op] of ops) target.set(opName, op);
    merged.set(name, target);
  }
  return merged;
}

/** An operation after merging: input values, not schemas. */
export interface MergedOperation extends Omit<OperationSpec, 'inputSchema' | 'inputValues'> {
  inputs: Record<string, unknown>;
  /** Input names declared by the type without a default and given by nobody. */
  missingInputs: string[];
}

function fromType(op: OperationSpec, given: YamlMap = {}): MergedOperation {
  const inputs: Record<string, unknown> = {};
  const missingInputs: string[] = [];
  for (const [name, schema] of op.inputSchema ?? []) {
    if (schema.hasDefault) inputs[name] = schema.default;
    else if (!Object.hasOwn(given, name)) missingInputs.push(name);
  }
  Object.assign(inputs, given);
  const { inputSchema: _s, inputValues: _v, ...rest } = op;
  return { ...rest, inputs, missingInputs };
}

function fromTemplate(op: OperationSpec): MergedOperation {
  const { inputSchema: _s, inputValues, ...rest } = op;
  return { ...rest, inputs: { ...inputValues }, missingInputs: [] };
}

/** Cloudify's template-over-type merge for one operation (either side may be absent). */
export function mergeTemplateOperation(
  typeOp: OperationSpec | undefined,
  templateOp: OperationSpec | undefined,
): MergedOperation {
  if (!templateOp) return fromType(typeOp!);
  if (!typeOp || isNop(typeOp)) return fromTemplate(templateOp);
  if (isNop(templateOp)) return fromTemplate(templateOp);
  const implementation = templateOp.implementation || typeOp.implementation;
  if (implementation !== typeOp.implementation) return fromTemplate(templateOp);
  const merged = fromType(typeOp, templateOp.inputValues);
  merged.where = templateOp.where;
  merged.executor = templateOp.executor ?? typeOp.executor;
  merged.maxRetries = templateOp.maxRetries ?? typeOp.maxRetries;
  merged.retryInterval = templateOp.retryInterval ?? typeOp.retryInterval;
  merged.timeout = templateOp.timeout ?? typeOp.timeout;
  merged.timeoutRecoverable = templateOp.timeoutRecoverable ?? typeOp.timeoutRecoverable;
  return merged;
}

export const SCRIPT_PLUGIN = 'script';
export const SCRIPT_RUN_TASK = 'script_runner.tasks.run';
const URL_IMPLEMENTATION = /^(?:https?|ftp|file):\/\//i;

export interface ResolveContext {
  ctx: ParseContext;
  plugins: Record<string, PlanPlugin>;
  /** 10 for node operations, 19 for relationship operations. */
  errorCode: number;
  /** e.g. "in node 'web' of type 'x.WebServer'". */
  owner: string;
}

const scriptExists = new Map<string, boolean>();

function isScriptFile(blueprintDir: string, implementation: string): boolean {
  const path = join(blueprintDir, implementation);
  let exists = scriptExists.get(path);
  if (exists === undefined) {
    exists = existsSync(path);
    scriptExists.set(path, exists);
  }
  return exists;
}

/** Resets the script-existence cache (files can appear between two loads in one process). */
export function forgetScriptFiles(): void {
  scriptExists.clear();
}

/** Error 107 for operation inputs declared without default that nobody gives. */
export function reportMissingInputs(name: string, missing: string[], rc: ResolveContext, where: Where): void {
  const list = missing.map((i) => `'${i}'`).join(', ');
  const one = missing.length === 1;
  rc.ctx.error(
    ErrorCode.missingProperty,
    `${one ? 'Input' : 'Inputs'} ${list} of operation '${name}' ${rc.owner} ${one ? 'is' : 'are'} missing a value`,
    where,
    `give ${list} under the operation's inputs in the template`,
  );
}

/** The plan form of one merged operation: which plugin runs it, with what inputs (errors 10/19, 60, 61, 91, 107). */
export function resolveOperation(name: string, op: MergedOperation, rc: ResolveContext): PlanOperation {
  const { ctx } = rc;
  const plan: PlanOperation = {
    name,
    implementation: op.implementation,
    executor: op.executor ?? 'auto',
    inputs: op.inputs,
  };
  // NOPs are many (every Root lifecycle operation) and never run: no location for them.
  if (op.implementation !== '')
    plan.location = ctx.at(op.where.container, op.where.key, op.where.path, 'key');
  if (op.maxRetries !== undefined) plan.maxRetries = op.maxRetries;
  if (op.retryInterval !== undefined) plan.retryInterval = op.retryInterval;
  if (op.timeout !== undefined) plan.timeout = op.timeout;
  if (op.timeoutRecoverable !== undefined) plan.timeoutRecoverable = op.timeoutRecoverable;
  if (op.missingInputs.length > 0) reportMissingInputs(name, op.missingInputs, rc, op.where);
  const impl = op.implementation;
  if (impl === '') return plan;
  const script = (input: 'script_path' | 'script_source'): PlanOperation => {
    if (!rc.plugins[SCRIPT_PLUGIN]) {
      ctx.error(
        ErrorCode.scriptPluginMissing,
        `Script plugin is not defined but it is required for mapping '${impl}' of operation '${name}'`,
        op.where,
        'import the Cloudify types (e.g. http://cloudify.co/spec/cloudify/6.4.0/types.yaml), which declare it',
      );
    }
    if (Object.hasOwn(op.inputs, 'script_path')) {
      ctx.error(
        ErrorCode.scriptPathInInputs,
        `Cannot define 'script_path' in the inputs of operation '${name}' whose implementation is the script '${impl}'`,
        op.where,
        `map the operation to ${SCRIPT_PLUGIN}.${SCRIPT_RUN_TASK} to pass script_path yourself`,
      );
    }
    return {
      ...plan,
      plugin: SCRIPT_PLUGIN,
      operation: SCRIPT_RUN_TASK,
      inputs: { ...op.inputs, [input]: impl },
    };
  };
  if (impl.includes('\n')) return script('script_source');
  if (URL_IMPLEMENTATION.test(impl) || isScriptFile(ctx.blueprintDir, impl)) return script('script_path');
  const candidates = Object.keys(rc.plugins).filter((p) => impl.startsWith(`${p}.`));
  if (candidates.length > 1) {
    ctx.error(
      ErrorCode.ambiguousMapping,
      `Ambiguous operation mapping. [operation=${name}, plugins=${candidates.join(', ')}]`,
      op.where,
    );
    return plan;
  }
  const pluginName = candidates[0];
  const plugin = pluginName === undefined ? undefined : rc.plugins[pluginName];
  if (pluginName === undefined || !plugin) {
    ctx.error(
      rc.errorCode,
      `Could not extract plugin or a script resource is not found from operation mapping '${impl}', which is declared for operation '${name}' ${rc.owner}`,
      { ...op.where, which: 'value' },
      `use '<plugin>.<task>' with a declared plugin (${Object.keys(rc.plugins).join(', ') || 'none declared'}), or a script path that exists under ${ctx.blueprintDir}`,
    );
    return plan;
  }
  return {
    ...plan,
    plugin: pluginName,
    operation: impl.slice(pluginName.length + 1),
    executor: op.executor ?? plugin.executor,
  };
}
