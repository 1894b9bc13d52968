// The node, instance and relationship objects of the ctx API, over ContextData and a backend.
import { NonRecoverableError } from '../errors.js';
import type { ContextBackend } from './backend.js';
import {
  unwrap,
  unwrapOptional,
  type InstanceData,
  type InstanceSubject,
  type NodeData,
  type RelationshipData,
} from './data.js';
import { deepFreeze } from './json-value.js';
import { CONTEXT_OBJECT } from './render.js';
import { RuntimePropertiesTracker, isEmpty } from './runtime-properties.js';
import type {
  ConflictResolver,
  NodeContext,
  NodeInstanceContext,
  Properties,
  ReadonlyNodeInstanceContext,
  RelationshipContext,
  RelationshipSubjectContext,
} from './types.js';

/** Cloudify retries a conflicting update forever; we give up after this many merges. */
const MAX_CONFLICT_MERGES = 20;

function frozenCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value));
}

export class NodeView implements NodeContext {
  readonly [CONTEXT_OBJECT] = true;
  readonly #data: NodeData;
  #properties: Properties | undefined;
  #typeHierarchy: readonly string[] | undefined;

  constructor(data: NodeData) {
    this.#data = data;
  }

  get id(): string {
    return unwrap(this.#data.name);
  }

  get name(): string {
    return unwrap(this.#data.name);
  }

  get type(): string {
    return unwrap(this.#data.type);
  }

  get typeHierarchy(): readonly string[] {
    this.#typeHierarchy ??= frozenCopy(unwrap(this.#data.typeHierarchy));
    return this.#typeHierarchy;
  }

  get properties(): Readonly<Properties> {
    this.#properties ??= frozenCopy(unwrap(this.#data.properties));
    return this.#properties;
  }

  get numberOfInstances(): number | undefined {
    return unwrapOptional(this.#data.numberOfInstances);
  }
}

export class InstanceView implements NodeInstanceContext {
  readonly [CONTEXT_OBJECT] = true;
  readonly #data: InstanceData;
  readonly #subject: InstanceSubject;
  readonly #backend: ContextBackend;
  readonly #node: NodeView;
  #tracker: RuntimePropertiesTracker | undefined;
  #relationships: readonly RelationshipContext[] | undefined;

  constructor(data: InstanceData, subject: InstanceSubject, node: NodeView, backend: ContextBackend) {
    this.#data = data;
    this.#subject = subject;
    this.#node = node;
    this.#backend = backend;
  }

  get id(): string {
    return unwrap(this.#data.id);
  }

  get runtimeProperties(): Properties {
    return this.#track().current;
  }

  set runtimeProperties(next: Properties) {
    this.#track().replace(next);
  }

  get index(): number | undefined {
    return unwrapOptional(this.#data.index);
  }

  get hostIp(): string {
    if (this.#data.hostIp !== undefined) return unwrap(this.#data.hostIp);
    const ip = this.runtimeProperties['ip'] ?? this.#node.properties['ip'];
    if (typeof ip === 'string' && ip !== '') return ip;
    throw new NonRecoverableError(
      `could not find ip for node instance: ${this.id}: it has no 'ip' runtime property or node property`,
    );
  }

  get relationships(): readonly RelationshipContext[] {
    this.#relationships ??= Object.freeze(unwrap(this.#data.relationships ?? []).map(relationshipView));
    return this.#relationships;
  }

  async update(onConflict?: ConflictResolver): Promise<void> {
    if (!onConflict) return this.save(true);
    const tracker = this.#track();
    const local = tracker.pending().snapshot;
    let latest: Properties = local;
    for (let merges = 1; ; merges++) {
      tracker.replace(onConflict(structuredClone(local), structuredClone(latest)));
      try {
        return await this.save(true);
      } catch (error) {
        if (!this.#backend.isConflict(error)) throw error;
        if (merges >= MAX_CONFLICT_MERGES) {
          throw new NonRecoverableError(
            `runtime properties of node instance ${this.id} still conflict after ${merges} merges; giving up`,
            { cause: error },
          );
        }
        latest = await this.#backend.loadRuntimeProperties(this.#subject);
        tracker.reset(latest);
      }
    }
  }

  async refresh(force = false): Promise<void> {
    if (!force && this.#tracker?.isDirty()) {
      throw new NonRecoverableError(
        'runtime_properties are dirty: refreshing now would destroy local changes',
      );
    }
    const loaded = await this.#backend.loadRuntimeProperties(this.#subject);
    this.#track().reset(loaded);
  }

  /** Hands the changes since the last save to the backend (`persist`: store them now). */
  async save(persist: boolean): Promise<void> {
    if (!this.#tracker) return;
    const { change, snapshot } = this.#tracker.pending();
    if (isEmpty(change)) return;
    await this.#backend.saveRuntimeProperties(this.#subject, change, { persist });
    this.#tracker.saved(snapshot);
  }

  #track(): RuntimePropertiesTracker {
    this.#tracker ??= new RuntimePropertiesTracker(
      unwrap(this.#data.runtimeProperties),
      () => unwrapOptional(this.#data.id) ?? '(unknown id)',
    );
    return this.#tracker;
  }
}

class ReadonlyInstanceView implements ReadonlyNodeInstanceContext {
  readonly [CONTEXT_OBJECT] = true;
  readonly id: string;
  readonly runtimeProperties: Readonly<Properties>;

  constructor(data: RelationshipData['target']['instance']) {
    this.id = data.id;
    this.runtimeProperties = frozenCopy(data.runtimeProperties);
  }
}

function relationshipView(data: RelationshipData): RelationshipContext {
  return Object.freeze({
    [CONTEXT_OBJECT]: true,
    type: data.type,
    typeHierarchy: frozenCopy(data.typeHierarchy),
    target: Object.freeze({
      [CONTEXT_OBJECT]: true,
      node: new NodeView(data.target.node),
      instance: new ReadonlyInstanceView(data.target.instance),
    }),
  });
}

export class SubjectView implements RelationshipSubjectContext {
  readonly [CONTEXT_OBJECT] = true;
  readonly node: NodeView;
  readonly instance: InstanceView;

  constructor(
    data: { node: NodeData; instance: InstanceData },
    subject: InstanceSubject,
    backend: ContextBackend,
  ) {
    this.node = new NodeView(data.node);
    this.instance = new InstanceView(data.instance, subject, this.node, backend);
  }
}
