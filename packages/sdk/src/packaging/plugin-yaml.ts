// Reads a plugin's plugin.yaml and checks that its operations run the bundle: every `script_path`
// (a value, or an input schema's `default`) must be `plugins/<name>/plugin.mjs`, because Cloudify's
// script runner downloads that one file, relative to the blueprint folder, and runs it with node.
import { LineCounter, isMap, isScalar, parseDocument, visit, type Node } from 'yaml';

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

function keyText(node: unknown): string {
  return isScalar(node) ? String(node.value) : '?';
}

/** Checks every `script_path` in the YAML text against the expected bundle path. */
export function checkScriptPaths(text: string, fileLabel: string, expected: string): PluginYamlCheck {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const [firstError] = document.errors;
  if (firstError) {
    const { line, col } = lineCounter.linePos(firstError.pos[0]);
    throw new PluginYamlError(`${fileLabel}:${line}:${col}: not valid YAML: ${firstError.message}`);
  }
  const where = (node: Node): string => {
    const { line, col } = lineCounter.linePos(node.range?.[0] ?? 0);
    return `${fileLabel}:${line}:${col}`;
  };
  const result: PluginYamlCheck = { matching: 0, problems: [] };
  visit(document, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.value !== 'script_path') return;
      const value = isMap(pair.value) ? pair.value.get('default', true) : pair.value;
      if (!isScalar(value)) return; // a function such as get_input: nothing to check statically
      const path = ancestors
        .filter((node) => !isMap(node) && typeof node === 'object' && node !== null && 'key' in node)
        .map((node) => keyText((node as { key: unknown }).key))
        .concat('script_path')
        .join('.');
      if (value.value === expected) result.matching += 1;
      else result.problems.push({ where: where(value), path, found: String(value.value) });
    },
  });
  return result;
}
