// YAML with positions. A file is read by js-yaml into plain JS values (maps -> objects, sequences
// -> arrays), anchors, aliases and `<<` merge keys resolved, with Cloudify's YAML 1.1 scalars
// (yaml-scalars.ts); every map and list remembers where it and each of its entries were written
// (yaml-tree.ts, yaml-positions.ts), so any later check can point at file:line:col.
import { load, YAMLException, type LoadOptions } from 'js-yaml';
import type { DslError } from './errors.js';
import { LineIndex } from './yaml-positions.js';
import { BLUEPRINT_SCHEMA } from './yaml-scalars.js';
import { PositionRecorder } from './yaml-tree.js';

export { locate, sourceFileOf } from './yaml-positions.js';

export type YamlMap = Record<string, unknown>;

export interface ParsedYaml {
  file: string;
  /** Undefined when the file has YAML errors. */
  value: unknown;
  errors: DslError[];
}

/** js-yaml 4.1+ options that @types/js-yaml does not declare. */
interface Limits {
  /** -1: no limit. The default (10 000 merged entries per file) is below a large blueprint's. */
  maxTotalMergeKeys: number;
}

export function parseYaml(file: string, text: string): ParsedYaml {
  // js-yaml drops a byte order mark; positions are counted without it, as an editor shows them.
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineIndex(input);
  const recorder = new PositionRecorder(file, input, lines);
  const options: LoadOptions & Limits = {
    schema: BLUEPRINT_SCHEMA,
    // Not JSON: this turns off js-yaml's duplicate key check, which stops at the first one. The
    // recorder reports each duplicate.
    json: true,
    listener: recorder.listener,
    maxTotalMergeKeys: -1,
  };
  let value: unknown;
  try {
    value = load(input, options);
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    reportSyntaxError(error, recorder);
  }
  const errors = recorder.errors;
  return { file, value: errors.length > 0 ? undefined : value, errors };
}

function reportSyntaxError(error: YAMLException, recorder: PositionRecorder): void {
  const reason = error.reason || error.message;
  if (reason.startsWith('cannot merge mappings')) {
    recorder.error('a YAML merge key (<<) needs a map or a list of maps', recorder.lastNode() ?? 0);
  } else if (!error.mark) {
    // The one error js-yaml reports without a position: more than one document.
    recorder.error(
      'YAML syntax error: a blueprint file holds one YAML document, this one has several',
      recorder.secondDocument() ?? 0,
      'remove the `---` or `...` line that starts another document, or split the file',
      null,
    );
  } else {
    recorder.error(`YAML syntax error: ${reason}`, error.mark.position, undefined, null);
  }
}

export function isYamlMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
