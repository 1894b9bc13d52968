// The operations of a template: its type's operations, resolved once per type and shared (frozen)
// by every template of that type, with the operations the template itself declares merged over
// them. An operation input the type declares without default must be given by each template (107).
import {
  mergeTemplateOperation,
  reportMissingInputs,
  resolveOperation,
  type Interfaces,
} from './operations.js';
import type { ParseContext, Where } from './parse-context.js';
import type { PlanOperation, PlanPlugin } from './plan.js';

interface SharedOperations {
  operations: Record<string, PlanOperation>;
  /** Operations whose type declares inputs without default: each template must give them. */
  missingInputs: Map<string, string[]>;
}

/**
 * A template's operations: those of its type, resolved once per type (and frozen, since every
 * template of the type shares them), with the ones the template declares merged over them.
 */
export class TemplateOperations {
  private readonly shared = new Map<string, SharedOperations>();

  constructor(
    private readonly ctx: ParseContext,
    private readonly plugins: Record<string, PlanPlugin>,
  ) {}

  /** `cacheKey` names the type (or relationship type side) the interfaces come from. */
  resolve(
    cacheKey: string,
    typeInterfaces: Interfaces,
    templateInterfaces: Interfaces,
    errorCode: number,
    owners: { type: string; template: string; where: Where },
  ): Record<string, PlanOperation> {
    let shared = this.shared.get(cacheKey);
    if (!shared) {
      shared = { operations: {}, missingInputs: new Map() };
      for (const [iface, ops] of typeInterfaces) {
        for (const [opName, op] of ops) {
          const name = `${iface}.${opName}`;
          const merged = mergeTemplateOperation(op, undefined);
          if (merged.missingInputs.length > 0) shared.missingInputs.set(name, merged.missingInputs);
          merged.missingInputs = [];
          shared.operations[name] = deepFreeze(
            resolveOperation(name, merged, {
              ctx: this.ctx,
              plugins: this.plugins,
              errorCode,
              owner: owners.type,
            }),
          );
        }
      }
      Object.freeze(shared.operations);
      this.shared.set(cacheKey, shared);
    }
    const context = { ctx: this.ctx, plugins: this.plugins, errorCode, owner: owners.template };
    for (const [name, missing] of shared.missingInputs) {
      const [iface, opName] = splitOperationName(name);
      if (!templateInterfaces.get(iface)?.has(opName))
        reportMissingInputs(name, missing, context, owners.where);
    }
    if (templateInterfaces.size === 0) return shared.operations;
    const operations = { ...shared.operations };
    for (const [iface, ops] of templateInterfaces) {
      for (const [opName, op] of ops) {
        const name = `${iface}.${opName}`;
        operations[name] = resolveOperation(
          name,
          mergeTemplateOperation(typeInterfaces.get(iface)?.get(opName), op),
          context,
        );
      }
    }
    return operations;
  }
}

/** `a.b.c.op` -> [`a.b.c`, `op`]. */
function splitOperationName(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
