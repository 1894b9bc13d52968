// Resource rendering as Cloudify does it (cloudify/endpoint.py): Jinja2 syntax (nunjucks here),
// only when the text holds `{{`, `{%` or `{#`, with the operation's `ctx` injected as `ctx`.
// Templates written for Cloudify use Python names (`ctx.instance.runtime_properties.ip`), so the
// injected ctx answers those as well as ours (`ctx.instance.runtimeProperties.ip`).
import { NonRecoverableError } from '../errors.js';
import type { Properties } from './types.js';

const TEMPLATE_MARKERS = ['{{', '{%', '{#'];

/** Objects of the ctx implementation mark themselves with this, so only they get Python aliases. */
export const CONTEXT_OBJECT = Symbol.for('cloudify-plugin-sdk.context-object');

export function needsRendering(text: string): boolean {
  return TEMPLATE_MARKERS.some((marker) => text.includes(marker));
}

/** Refuses a user variable named `ctx`, as Cloudify does: `ctx` is always the operation's ctx. */
export function checkTemplateVariables(variables: Properties | undefined): void {
  if (variables && 'ctx' in variables) {
    throw new NonRecoverableError('Key not allowed - a key named ctx is in template_variables');
  }
}

function templateVariables(variables: Properties | undefined, ctx: unknown): Properties {
  checkTemplateVariables(variables);
  return { ...variables, ctx: pythonNames(ctx) };
}

function camelCase(name: string): string {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** A read-only view of a ctx object that also answers snake_case member names. */
function pythonNames(value: unknown): unknown {
  // Frozen objects are left alone: a proxy must return their own values unchanged.
  if (typeof value !== 'object' || value === null || !(CONTEXT_OBJECT in value) || Object.isFrozen(value)) {
    return value;
  }
  return new Proxy(value, {
    get(target, property) {
      const name = typeof property === 'string' && !(property in target) ? camelCase(property) : property;
      // The real object as receiver: getters of the ctx classes read private fields.
      const member: unknown = Reflect.get(target, name, target);
      if (typeof member === 'function') return (member as (...args: unknown[]) => unknown).bind(target);
      return pythonNames(member);
    },
    has(target, property) {
      return property in target || (typeof property === 'string' && camelCase(property) in target);
    },
  });
}

/** Renders `source` when it contains template markers; otherwise returns it unchanged. */
export async function renderResource(
  source: Buffer,
  variables: Properties | undefined,
  ctx: unknown,
): Promise<Buffer> {
  const text = source.toString('utf8');
  const context = templateVariables(variables, ctx);
  if (!needsRendering(text)) return source;
  const { default: nunjucks } = await import('nunjucks');
  const environment = new nunjucks.Environment(null, { autoescape: false });
  try {
    return Buffer.from(environment.renderString(text, context), 'utf8');
  } catch (error) {
    throw new NonRecoverableError(`Could not render the resource template: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
