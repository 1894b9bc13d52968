// The runtime properties one operation may change, as the proxy model uses them: loaded at the
// start, changed in place by the script's requests, saved when it calls `ctx instance update`
// and always when it ends. Every change counts (the whole object is compared with what was last
// saved), nested ones too; Cloudify loses those. A concurrent change by another operation (the
// other end of a relationship) is merged key by key instead of failing.
import type { RuntimePropertiesAccess } from '../proxy/context-model.js';
import { StorageConflictError, type DeploymentStorage } from '../storage/types.js';

const MAX_MERGE_ATTEMPTS = 10;

/** Top-level three-way merge: keys we changed take our value, the others take theirs. */
function merge(
  base: Record<string, unknown>,
  ours: Record<string, unknown>,
  theirs: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(theirs), ...Object.keys(ours)])) {
    const changedByUs = JSON.stringify(ours[key]) !== JSON.stringify(base[key]);
    const source = changedByUs ? ours : theirs;
    if (Object.hasOwn(source, key)) merged[key] = source[key];
  }
  return merged;
}

export class InstanceRuntimeProperties implements RuntimePropertiesAccess {
  private savedJson: string;

  private constructor(
    private readonly storage: DeploymentStorage,
    readonly instanceId: string,
    public properties: Record<string, unknown>,
    private version: number,
  ) {
    this.savedJson = JSON.stringify(properties);
  }

  static async load(storage: DeploymentStorage, instanceId: string): Promise<InstanceRuntimeProperties> {
    const stored = await storage.getInstance(instanceId);
    return new InstanceRuntimeProperties(storage, instanceId, stored.runtimeProperties, stored.version);
  }

  get dirty(): boolean {
    return JSON.stringify(this.properties) !== this.savedJson;
  }

  async save(): Promise<void> {
    const json = JSON.stringify(this.properties);
    if (json === this.savedJson) return;
    let toSave = this.properties;
    for (let attempt = 1; ; attempt++) {
      try {
        const stored = await this.storage.updateInstance(
          this.instanceId,
          { runtimeProperties: toSave },
          this.version,
        );
        this.version = stored.version;
        this.savedJson = JSON.stringify(toSave);
        this.properties = toSave;
        return;
      } catch (error) {
        if (!(error instanceof StorageConflictError) || attempt === MAX_MERGE_ATTEMPTS) throw error;
        const latest = await this.storage.getInstance(this.instanceId);
        toSave = merge(
          JSON.parse(this.savedJson) as Record<string, unknown>,
          this.properties,
          latest.runtimeProperties,
        );
        this.version = latest.version;
      }
    }
  }

  async reload(): Promise<void> {
    const stored = await this.storage.getInstance(this.instanceId);
    this.properties = stored.runtimeProperties;
    this.version = stored.version;
    this.savedJson = JSON.stringify(stored.runtimeProperties);
  }
}
