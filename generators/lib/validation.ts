// The rules every answer must follow, whichever way it arrives (prompt, flag, .yo-rc.json).
// Each check returns a Check: the normalized value, or a sentence that states the rule and what was wrong.
import { createRequire } from 'node:module';
import validatePackageName from 'validate-npm-package-name';
import { pluginTypeName } from './names.js';
import { PACKAGE_MANAGERS, type PackageManager } from './package-manager.js';

export type Check<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const problem = <T>(text: string): Check<T> => ({ ok: false, problem: text });

export const PLUGIN_NAME_RULE =
  'use lowercase letters, digits and dashes, e.g. my-plugin (it must be a valid npm package name, without a scope)';

/** A raw value (from a flag, a prompt, a JSON file) as text, for messages and checks. */
export function asText(raw: unknown): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return JSON.stringify(raw);
}

/** Shows a user value in a message without flooding the terminal. */
export function quote(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 37)}…` : value;
  return JSON.stringify(shown);
}

function nameDefects(name: string): string[] {
  if (name.length === 0) return ['it is empty'];
  const defects: string[] = [];
  if (/\s/.test(name)) defects.push('it contains spaces');
  if (/[A-Z]/.test(name)) defects.push('it contains upper-case letters');
  if (name.includes('_')) defects.push('it contains underscores');
  if (name.startsWith('@') || name.includes('/')) defects.push('it has a scope or a slash');
  const npm = validatePackageName(name);
  if (!npm.validForNewPackages) {
    for (const message of [...(npm.errors ?? []), ...(npm.warnings ?? [])]) {
      // npm words it "name can no longer contain capital letters": keep ours when we said it already.
      if (/capital letters/.test(message) && defects.some((d) => d.includes('upper-case'))) continue;
      if (/URL-friendly/.test(message) && defects.some((d) => d.includes('spaces'))) continue;
      defects.push(`npm says: ${message}`);
    }
  }
  return defects;
}

export function checkPluginName(raw: unknown): Check<string> {
  const name = asText(raw);
  const defects = nameDefects(name);
  if (defects.length === 0) return ok(name);
  const subject = name.length === 0 ? 'The plugin name' : `The plugin name ${quote(name)}`;
  return problem(`${subject} is not valid: ${defects.join('; ')}. ${capitalize(PLUGIN_NAME_RULE)}.`);
}

export const NODE_TYPE_RULE =
  'a dotted name of letters, digits and underscores, e.g. my_plugin.nodes.WebServer, outside the reserved cloudify. namespace';

/**
 * The longest type name (pluginTypeName) the template's TypeScript lines hold within the plugin's
 * print width, e.g. `export type <Name>StartInputs = Record<never, never>;` in src/plugin-types.ts.
 */
export const MAX_TYPE_NAME_LENGTH = 50;

export function checkNodeType(raw: unknown): Check<string> {
  const type = typeof raw === 'string' ? raw.trim() : '';
  if (!/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+$/.test(type)) {
    return problem(`The node type ${quote(type)} is not valid: use ${NODE_TYPE_RULE}.`);
  }
  if (type.startsWith('cloudify.')) {
    return problem(
      `The node type ${quote(type)} is in the reserved cloudify. namespace: use ${NODE_TYPE_RULE}.`,
    );
  }
  const typeName = pluginTypeName(type);
  if (typeName.length > MAX_TYPE_NAME_LENGTH) {
    return problem(
      `The node type ${quote(type)} is not valid: src/plugin-types.ts names TypeScript types after its last ` +
        `part (${quote(typeName)}, ${typeName.length} characters): use a last part of at most ` +
        `${MAX_TYPE_NAME_LENGTH} characters, e.g. my_plugin.nodes.WebServer.`,
    );
  }
  return ok(type);
}

/** my-plugin → my_plugin.nodes.WebServer: Cloudify's own types are named <namespace>.nodes.<Type>. */
export function defaultNodeType(pluginName: string): string {
  const prefix = pluginName.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `${prefix || 'plugin'}.nodes.WebServer`;
}

export function checkPort(raw: unknown): Check<number> {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const port = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return problem(`The port ${quote(asText(raw))} is not valid: use a whole number from 1 to 65535.`);
  }
  return ok(port);
}

type SpdxParse = (expression: string) => unknown;
const parseSpdx = createRequire(import.meta.url)('spdx-expression-parse') as SpdxParse;

export function checkLicense(raw: unknown): Check<string> {
  const license = typeof raw === 'string' ? raw.trim() : '';
  try {
    parseSpdx(license);
    return ok(license);
  } catch {
    return problem(
      `The license ${quote(license)} is not an SPDX identifier or expression: use e.g. Apache-2.0, MIT or ` +
        'BSD-3-Clause (the list is at https://spdx.org/licenses/).',
    );
  }
}

export function checkPackageManager(raw: unknown): Check<PackageManager> {
  const pm = typeof raw === 'string' ? raw.trim() : '';
  return (PACKAGE_MANAGERS as readonly string[]).includes(pm)
    ? ok(pm as PackageManager)
    : problem(
        `The package manager ${quote(pm)} is not supported: use one of ${PACKAGE_MANAGERS.join(', ')}.`,
      );
}

/** Free text (description, author): any characters; surrounding blanks are dropped. */
export function checkText(raw: unknown): Check<string> {
  return ok(asText(raw).trim());
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
