// Workflow parameters, checked as Cloudify's `_merge_and_validate_execution_parameters` does
// (reference cloudify-api.md §5.2): declared defaults filled in, strings converted for integer,
// float and boolean parameters, a missing mandatory parameter, a wrong type or an undeclared
// parameter (unless allow_custom_parameters) refused. Every problem is reported at once.
import type { PlanWorkflowParameter } from '../dsl/plan.js';
import { WorkflowUsageError } from './failures.js';

export function mergeWorkflowParameters(
  workflowId: string,
  declared: Record<string, PlanWorkflowParameter>,
  given: Record<string, unknown>,
  allowCustomParameters: boolean,
): Record<string, unknown> {
  const problems: string[] = [];
  const merged: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(declared)) {
    if (name in given) {
      const converted = convert(given[name], schema.type);
      if (converted.ok) merged[name] = converted.value;
      else problems.push(`'${name}' must be ${article(schema.type!)}, got ${JSON.stringify(given[name])}`);
    } else if ('default' in schema) {
      merged[name] = structuredClone(schema.default);
    } else if (schema.required !== false) {
      problems.push(`'${name}' is mandatory${schema.description ? ` (${schema.description})` : ''}`);
    }
  }
  const custom = Object.keys(given).filter((name) => !(name in declared));
  if (custom.length > 0 && !allowCustomParameters) {
    const known = Object.keys(declared);
    problems.push(
      `${custom.map((n) => `'${n}'`).join(', ')} ${custom.length === 1 ? 'is' : 'are'} not declared ` +
        `(declared: ${known.length > 0 ? known.join(', ') : 'none'}); ` +
        'pass allow_custom_parameters (--allow-custom-parameters) to send it anyway',
    );
  }
  for (const name of custom) merged[name] = given[name];
  if (problems.length > 0) {
    throw new WorkflowUsageError(
      `invalid parameters for workflow '${workflowId}':\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return merged;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

type Conversion = { ok: true; value: unknown } | { ok: false };

function convert(value: unknown, type: string | undefined): Conversion {
  const ok = (v: unknown): Conversion => ({ ok: true, value: v });
  switch (type) {
    case 'integer': {
      const n = typeof value === 'string' && /^[-+]?\d+$/.test(value.trim()) ? Number(value) : value;
      return Number.isInteger(n) ? ok(n) : { ok: false };
    }
    case 'float': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? ok(n) : { ok: false };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return ok(value);
      if (typeof value === 'string' && /^(true|false)$/i.test(value))
        return ok(value.toLowerCase() === 'true');
      return { ok: false };
    }
    case 'string':
      return typeof value === 'string' ? ok(value) : { ok: false };
    case 'list':
      return Array.isArray(value) ? ok(value) : { ok: false };
    case 'dict':
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? ok(value) : { ok: false };
    default:
      return ok(value);
  }
}
