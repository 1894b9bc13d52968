// Reads a plugin's plugin.yaml and checks that its operations run the bundle: every `script_path`
// (a value, or an input schema's `default`) must be `plugins/<name>/plugin.mjs`, because Cloudify's
// script runner downloads that one file, relative to the blueprint folder, and runs it with node.
import { locate } from '../dsl/yaml-positions.js';
import { isYamlMap, parseYaml } from '../dsl/yaml-source.js';

export interface ScriptPathProblem {
  /** `plugin.yaml:12:26` */
  where: string;
  /** Dotted path in the document, e.g. `node_types.my.nodes.Web.interfaces…script_path`. */
  path: string;
  found: string;
}

export interface PluginYamlCheck {
  /** How many script_path values point at the bundle. */
  matching: number;
  problems: ScriptPathProblem[];
}

export class PluginYamlError extends Error {}

/** Checks every `script_path` in the YAML text against the expected bundle path. */
export function checkScriptPaths(text: string, fileLabel: string, expected: string): PluginYamlCheck {
  const { value: document, errors } = parseYaml(fileLabel, text);
  const [firstError] = errors;
  if (firstError) {
    const at = firstError.location ? `:${firstError.location.line}:${firstError.location.column}` : '';
    throw new PluginYamlError(`${fileLabel}${at}: not valid YAML: ${firstError.message}`);
  }
  const result: PluginYamlCheck = { matching: 0, problems: [] };
  const visit = (node: unknown, keys: string[]): void => {
    if (Array.isArray(node)) node.forEach((item) => visit(item, keys));
    if (!isYamlMap(node)) return;
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'script_path') {
        visit(child, [...keys, key]);
        continue;
      }
      // An input schema holds the path as its default; a function such as get_input cannot be checked.
      const [holder, holderKey] = isYamlMap(child) ? [child, 'default'] : [node, key];
      const value = holder[holderKey];
      if (
        typeof value !== 'string' &&
        typeof value !== 'number' &&
        typeof value !== 'boolean' &&
        value !== null
      )
        continue;
      const path = [...keys, key].join('.');
      if (value === expected) result.matching += 1;
      else {
        const location = locate(holder, holderKey, path);
        const where = location ? `${fileLabel}:${location.line}:${location.column}` : fileLabel;
        result.problems.push({ where, path, found: String(value) });
      }
    }
  };
  visit(document, []);
  return result;
}
