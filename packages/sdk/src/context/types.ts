// The ctx API an operation sees. One implementation (context/) serves every transport:
// the ctx proxy of a real manager or of cloudify-local, and the in-memory one behind the mocks.
// Python names, where they differ, are given in brackets.

export type Properties = Record<string, unknown>;

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  /** [warning] */
  warn(message: string): void;
  error(message: string): void;
}

export interface NodeContext<P extends Properties = Properties> {
  /** The node template name; Cloudify returns the same value for id and name. */
  readonly id: string;
  readonly name: string;
  readonly type: string;
  /** Root first: ['cloudify.nodes.Root', …, type]. [type_hierarchy] */
  readonly typeHierarchy: readonly string[];
  /** Node properties after intrinsic-function evaluation; read-only (deeply frozen). */
  readonly properties: Readonly<P>;
  /** [number_of_instances] */
  readonly numberOfInstances?: number;
}

/** Merges a local change with the latest stored one after a version conflict. [on_conflict] */
export type ConflictResolver = (local: Properties, latest: Properties) => Properties;

export interface NodeInstanceContext<R extends Properties = Properties> {
  /** The node-instance id, `<node>_<6 chars>`. */
  readonly id: string;
  /**
   * [runtime_properties] Saved automatically after the operation, whether it succeeded or threw.
   * Every change is saved, nested ones included (Cloudify loses nested changes; we do not).
   */
  runtimeProperties: R;
  /** Saves the changes now. [update] */
  update(onConflict?: ConflictResolver): Promise<void>;
  /** Reloads runtime properties; refuses when there are unsaved changes unless `force`. [refresh] */
  refresh(force?: boolean): Promise<void>;
  /** The instance's own `ip`, or its host's; throws NonRecoverableError when there is none. [host_ip] */
  readonly hostIp: string;
  /** Outgoing relationships in blueprint order. */
  readonly relationships: readonly RelationshipContext[];
  readonly index?: number;
}

/** An instance seen from the other end of a relationship: readable, not writable. */
export interface ReadonlyNodeInstanceContext<R extends Properties = Properties> {
  readonly id: string;
  readonly runtimeProperties: Readonly<R>;
}

export interface RelationshipContext {
  readonly type: string;
  readonly typeHierarchy: readonly string[];
  readonly target: { readonly node: NodeContext; readonly instance: ReadonlyNodeInstanceContext };
}

/** One end of a relationship operation; its instance's runtime properties are writable. */
export interface RelationshipSubjectContext<
  P extends Properties = Properties,
  R extends Properties = Properties,
> {
  readonly node: NodeContext<P>;
  readonly instance: NodeInstanceContext<R>;
}

export interface OperationContext {
  /** Full name, e.g. `cloudify.interfaces.lifecycle.start`. */
  readonly name: string;
  /** 0 on the first attempt. [retry_number] */
  readonly retryNumber: number;
  /** Retries allowed for this task; -1 means unlimited. [max_retries] */
  readonly maxRetries: number;
  /** Which end runs a relationship operation. */
  readonly relationship?: 'source' | 'target';
  /**
   * Ends the operation and asks for it to run again after `retryAfter` seconds (default: the
   * workflow's retry interval). Throws OperationRetry, so no code after it runs; Cloudify's
   * `return ctx.operation.retry(...)` idiom works unchanged. [retry]
   */
  retry(message?: string, retryAfter?: number): never;
}

export interface ResourceAccess {
  /** Contents of a blueprint resource. [get_resource] */
  getResource(path: string): Promise<Buffer>;
  /** Rendered with Jinja2 syntax (nunjucks locally), `ctx` injected. [get_resource_and_render] */
  getResourceAndRender(path: string, templateVariables?: Properties): Promise<Buffer>;
  /** Downloads a resource to `targetPath` (default: a new temporary file); returns its path. [download_resource] */
  downloadResource(path: string, targetPath?: string): Promise<string>;
  /** [download_resource_and_render] */
  downloadResourceAndRender(
    path: string,
    targetPath?: string,
    templateVariables?: Properties,
  ): Promise<string>;
}

export type ContextType = 'deployment' | 'node-instance' | 'relationship-instance';

interface ContextBase extends ResourceAccess {
  readonly deployment: { readonly id: string };
  readonly blueprint: { readonly id: string };
  /** [execution_id] */
  readonly executionId: string;
  /** e.g. `install`. [workflow_id] */
  readonly workflowId: string;
  readonly operation: OperationContext;
  readonly logger: Logger;
  readonly plugin: { readonly name: string };
}

/** ctx in an operation of a node (the lifecycle operations). */
export interface NodeOperationContext<
  P extends Properties = Properties,
  R extends Properties = Properties,
> extends ContextBase {
  readonly type: 'node-instance';
  readonly node: NodeContext<P>;
  readonly instance: NodeInstanceContext<R>;
}

/** ctx in a relationship operation (source_interfaces / target_interfaces). */
export interface RelationshipOperationContext extends ContextBase {
  readonly type: 'relationship-instance';
  readonly source: RelationshipSubjectContext;
  readonly target: RelationshipSubjectContext;
}

/**
 * The whole surface, as Python's `from cloudify import ctx` offers it: members that do not apply
 * to the current operation throw NonRecoverableError when used (Cloudify's rule). Typed
 * operations get NodeOperationContext or RelationshipOperationContext instead.
 */
export interface CloudifyContext extends ContextBase {
  readonly type: ContextType;
  readonly node: NodeContext;
  readonly instance: NodeInstanceContext;
  readonly source: RelationshipSubjectContext;
  readonly target: RelationshipSubjectContext;
}

/**
 * Operation inputs. Under the script runner they arrive as environment variables (Cloudify
 * JSON-encodes dicts, lists and booleans and stringifies the rest); `get` decodes them.
 */
export interface OperationInputs {
  get<T = unknown>(name: string): T | undefined;
  /** Throws NonRecoverableError naming the input when it is missing. */
  require<T = unknown>(name: string): T;
}

/**
 * How an input declared as `T` reaches the operation: Cloudify's script runner passes numbers
 * through Python's str(), so an integer or float input arrives as its text ("8080"); use
 * `Number(...)`. Strings, booleans, lists and dicts arrive as they were declared.
 */
export type ReceivedInput<T> = T extends number ? string : T;

/**
 * Operation inputs typed by their declaration in plugin.yaml: `I` is a generated inputs type such
 * as `WebServerStartInputs` (`cloudify-plugin types`). Reading an undeclared input is a compile error.
 */
export interface TypedOperationInputs<I> {
  get<K extends keyof I & string>(name: K): ReceivedInput<I[K]> | undefined;
  /** Throws NonRecoverableError naming the input when it is missing. */
  require<K extends keyof I & string>(name: K): ReceivedInput<Exclude<I[K], undefined>>;
}

/** The inputs an operation receives: typed when it declares them (`I`), OperationInputs otherwise. */
export type InputsFor<I extends object | undefined> = [I] extends [object]
  ? TypedOperationInputs<I>
  : OperationInputs;
