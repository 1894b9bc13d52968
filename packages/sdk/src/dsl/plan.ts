// The deployment plan: what the blueprint engine (dsl/) hands to the local workflows (workflows/).
// A plan is plain JSON (it is stored as-is by the file storage), built once by `init` from a
// validated blueprint and its inputs. Plan-time intrinsic functions (get_input, get_property,
// concat/merge/string_* over them) are already evaluated in it; run-time ones (get_attribute and
// anything that contains it) are kept verbatim and evaluated by `evaluateRuntimeFunctions`.

/** Where something was written in a blueprint, for messages: file:line:col and the YAML path. */
export interface SourceLocation {
  /** Absolute path of the YAML file. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Dotted path inside the document, e.g. `node_templates.web.properties.port`. */
  path: string;
}

export type DslVersion =
  | 'cloudify_dsl_1_0'
  | 'cloudify_dsl_1_1'
  | 'cloudify_dsl_1_2'
  | 'cloudify_dsl_1_3'
  | 'cloudify_dsl_1_4'
  | 'cloudify_dsl_1_5';

export type Executor = 'central_deployment_agent' | 'host_agent' | 'auto';

/** One operation after interface merging down the type chain and template overrides. */
export interface PlanOperation {
  /** Full name, `<interface>.<operation>`, e.g. `cloudify.interfaces.lifecycle.start`. */
  name: string;
  /** Empty string for a NOP (an operation declared with no implementation). */
  implementation: string;
  /** The plugin that runs it (`script` for script implementations), absent for a NOP. */
  plugin?: string;
  /**
   * For plugin mappings, the task path with the plugin prefix stripped
   * (`script_runner.tasks.run` for scripts, as Cloudify stores it).
   */
  operation?: string;
  executor: Executor;
  /**
   * Operation inputs as values (type-level input schemas already reduced to their defaults and
   * merged with template values). Script operations carry `script_path` (relative to the
   * blueprint folder, or a URL) and optionally `process`. May contain run-time functions.
   */
  inputs: Record<string, unknown>;
  /** Per-operation override of the workflow's task_retries; -1 means unlimited. */
  maxRetries?: number;
  /** Per-operation override of the workflow's retry interval, in seconds. */
  retryInterval?: number;
  timeout?: number;
  timeoutRecoverable?: boolean;
  location?: SourceLocation;
}

export interface PlanRelationship {
  type: string;
  /** Root first, e.g. [depends_on, connected_to]. */
  typeHierarchy: string[];
  /** Target node template name. */
  target: string;
  properties: Record<string, unknown>;
  /** Keyed by full operation name, e.g. `cloudify.interfaces.relationship_lifecycle.establish`. */
  sourceOperations: Record<string, PlanOperation>;
  targetOperations: Record<string, PlanOperation>;
  location?: SourceLocation;
}

export interface PlanNode {
  /** Node template name (Cloudify's node id). */
  name: string;
  type: string;
  /** Root first: ['cloudify.nodes.Root', …, type]. */
  typeHierarchy: string[];
  /** Properties with defaults applied; plan-time functions evaluated. */
  properties: Record<string, unknown>;
  /** Keyed by full operation name. Only operations that exist on the type or template. */
  operations: Record<string, PlanOperation>;
  /** In declaration order. */
  relationships: PlanRelationship[];
  /** Target of this node's contained_in relationship, if any. */
  containedIn?: string;
  /** The Compute node this node is (transitively) contained in, or itself when it is a Compute. */
  host?: string;
  /** Number of instances per containing instance (`instances.deploy` / `capabilities.scalable.properties.default_instances`). */
  deployInstances: number;
  location?: SourceLocation;
}

export interface PlanRelationshipInstance {
  /** Index into the node's `relationships`. */
  relationship: number;
  type: string;
  targetName: string;
  targetId: string;
}

export interface PlanNodeInstance {
  /** `<node>_<6 chars of [a-z0-9]>`. */
  id: string;
  nodeName: string;
  /** The instance of the host node, when the node has a host. */
  hostId?: string;
  /** The instance this one is contained in. */
  containedInId?: string;
  /** 0-based index among the instances of its node. */
  index: number;
  /** Every relationship instance, in the node's declaration order. */
  relationships: PlanRelationshipInstance[];
}

export interface PlanWorkflowParameter {
  type?: string;
  default?: unknown;
  required?: boolean;
  description?: string;
}

export interface PlanWorkflow {
  /** e.g. `default_workflows.cloudify.plugins.workflows.install`. */
  mapping: string;
  parameters: Record<string, PlanWorkflowParameter>;
}

export interface PlanPlugin {
  name: string;
  executor: Exclude<Executor, 'auto'>;
  install: boolean;
  source?: string;
  packageName?: string;
  packageVersion?: string;
}

export interface PlanValue {
  description?: string;
  /** May contain run-time functions. */
  value: unknown;
  /** Where the value was written (for `<ERROR: …>` reports). */
  location?: SourceLocation;
}

export interface DeploymentPlan {
  dslVersion: DslVersion;
  /** Absolute path of the main blueprint file. */
  blueprintFile: string;
  /** Folder resources and script paths are resolved against. */
  blueprintDir: string;
  description?: string;
  /** Input values after defaults and validation. */
  inputs: Record<string, unknown>;
  nodes: PlanNode[];
  nodeInstances: PlanNodeInstance[];
  outputs: Record<string, PlanValue>;
  capabilities: Record<string, PlanValue>;
  workflows: Record<string, PlanWorkflow>;
  plugins: Record<string, PlanPlugin>;
}

/** What run-time function evaluation reads: the live state of node instances. */
export interface RuntimeState {
  plan: DeploymentPlan;
  runtimeProperties(instanceId: string): Record<string, unknown>;
}

/** Whose point of view SELF / SOURCE / TARGET refer to when evaluating run-time functions. */
export interface EvaluationScope {
  self?: string;
  source?: string;
  target?: string;
}
