// Blueprint errors: what went wrong, where (file:line:col and the YAML path), Cloudify's numeric
// error code where Cloudify has one, and how to fix it. The engine collects every error it can
// find instead of stopping at the first one (Cloudify stops at one).
import { relative, isAbsolute } from 'node:path';
import type { SourceLocation } from './plan.js';

export interface DslError {
  /** Cloudify's `err_code` (dsl_parser), when Cloudify reports this problem with one. */
  code?: number;
  message: string;
  location?: SourceLocation;
  /** How to fix it, when there is something more useful to say than the message. */
  hint?: string;
}

/** Cloudify's error codes for the problems this engine reports (dsl_parser/exceptions.py and elements/). */
export const ErrorCode = {
  format: 1,
  importConflict: 4,
  unknownNodeType: 7,
  badImplementation: 10,
  importNotFound: 13,
  unknownParentType: 14,
  pluginExecutor: 18,
  badRelationshipImplementation: 19,
  badWorkflowMapping: 21,
  relationshipSelfTarget: 23,
  hostAgentWithoutHost: 24,
  unknownRelationshipTarget: 25,
  unknownRelationshipType: 26,
  missingDslVersion: 27,
  importVersionTooNew: 28,
  /** Cloudify reuses 28 for an operation's invalid executor value. */
  invalidExecutor: 28,
  unsupportedDslVersion: 29,
  pluginInstallWithoutSource: 50,
  scriptPathInInputs: 60,
  scriptPluginMissing: 61,
  ambiguousMapping: 91,
  circularDependency: 100,
  versionGatedFeature: 102,
  unknownDataType: 103,
  wrongValueType: 105,
  undefinedProperty: 106,
  missingProperty: 107,
  moreThanOneContainedIn: 112,
  invalidInstances: 207,
  invalidLiteralInstances: 208,
  instancesAndCapabilities: 209,
  invalidConstraintArgument: 212,
  inputWithFunctionsAndConstraints: 213,
  inputViolatesDataType: 214,
} as const;

/** A list of errors being collected; `add` returns nothing so checks can keep going. */
export class DslErrors {
  readonly list: DslError[] = [];

  add(code: number | undefined, message: string, location?: SourceLocation, hint?: string): void {
    const error: DslError = { message };
    if (code !== undefined) error.code = code;
    if (location) error.location = location;
    if (hint) error.hint = hint;
    this.list.push(error);
  }

  push(...errors: DslError[]): void {
    this.list.push(...errors);
  }

  get count(): number {
    return this.list.length;
  }
}

export interface FormatOptions {
  /** Show file paths relative to this folder (when they are inside it). */
  relativeTo?: string;
  /** Append the hint after the message (default true). */
  hint?: boolean;
}

/** `file:line:col: message [err_code N] (path: a.b.c)`, one line. */
export function formatDslError(error: DslError, options: FormatOptions = {}): string {
  let text = '';
  const at = error.location;
  if (at) text += `${displayPath(at.file, options.relativeTo)}:${at.line}:${at.column}: `;
  text += error.message;
  if (error.code !== undefined) text += ` [err_code ${error.code}]`;
  if (at?.path) text += ` (path: ${at.path})`;
  if (error.hint && options.hint !== false) text += ` Fix: ${error.hint}`;
  return text;
}

function displayPath(file: string, base: string | undefined): string {
  if (!base) return file;
  const rel = relative(base, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** Orders errors by file (in the given order), then line and column; unlocated errors last. */
export function sortDslErrors(errors: DslError[], fileOrder: readonly string[]): DslError[] {
  const rank = new Map(fileOrder.map((file, index) => [file, index]));
  const key = (e: DslError): [number, number, number] =>
    e.location
      ? [rank.get(e.location.file) ?? fileOrder.length, e.location.line, e.location.column]
      : [Number.MAX_SAFE_INTEGER, 0, 0];
  return errors
    .map((error, index) => ({ error, index, key: key(error) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2] || a.index - b.index)
    .map((entry) => entry.error);
}

/** Thrown by run-time evaluation (`evaluateRuntimeFunctions`) when a function cannot be evaluated. */
export class FunctionEvaluationError extends Error {
  override name = 'FunctionEvaluationError';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}
