// Change tracking for runtime properties by diffing against a snapshot of what was last loaded or
// saved. Unlike Cloudify's DirtyTrackingDict, every mutation style is seen — nested changes,
// array pushes, `delete`, replacing the whole object — because the values themselves are compared.
import { isDeepStrictEqual } from 'node:util';
import { NonRecoverableError } from '../errors.js';
import type { RuntimePropertiesChange } from './backend.js';
import { requireJsonValue, type JsonValue } from './json-value.js';
import type { Properties } from './types.js';

/** A computed change and the snapshot to adopt once it has been stored. */
export interface PendingChange {
  change: RuntimePropertiesChange;
  snapshot: Record<string, JsonValue>;
}

export class RuntimePropertiesTracker {
  /** The live object handed to the operation. */
  current: Properties;
  private baseline: Record<string, JsonValue>;

  constructor(
    initial: Properties,
    private readonly instanceId: () => string,
  ) {
    this.baseline = this.normalise(initial);
    this.current = structuredClone(this.baseline);
  }

  /** Replaces the live object (the `runtimeProperties = {...}` setter). */
  replace(next: unknown): void {
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      throw new NonRecoverableError(
        `runtime properties of node instance ${this.instanceId()} must be an object, got ${Array.isArray(next) ? 'an array' : typeof next}`,
      );
    }
    this.current = next as Properties;
  }

  /** What changed since the last load or save; throws NonRecoverableError for non-JSON values. */
  pending(): PendingChange {
    const snapshot = this.normalise(this.current);
    const set: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(snapshot)) {
      if (!(key in this.baseline) || !isDeepStrictEqual(this.baseline[key], value)) set[key] = value;
    }
    const deleted = Object.keys(this.baseline).filter((key) => !(key in snapshot));
    return { change: { set, deleted }, snapshot };
  }

  isDirty(): boolean {
    return !isEmpty(this.pending().change);
  }

  /** Adopts the snapshot of a change that has been stored. */
  saved(snapshot: Record<string, JsonValue>): void {
    this.baseline = snapshot;
  }

  /** Starts over from freshly loaded properties (refresh). */
  reset(loaded: Properties): void {
    this.baseline = this.normalise(loaded);
    this.current = structuredClone(this.baseline);
  }

  private normalise(properties: Properties): Record<string, JsonValue> {
    const result: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(properties)) {
      if (value === undefined) continue;
      result[key] = requireJsonValue(
        value,
        `runtime property '${key}' of node instance ${this.instanceId()}`,
        key,
      );
    }
    return result;
  }
}

export function isEmpty(change: RuntimePropertiesChange): boolean {
  return change.deleted.length === 0 && Object.keys(change.set).length === 0;
}
