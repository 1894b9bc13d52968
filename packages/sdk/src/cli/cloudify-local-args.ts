// Reading cloudify-local's repeatable `-i` (inputs) and `-p` (workflow parameters) values, as
// Cloudify's CLI accepts them: a YAML/JSON file, an inline YAML/JSON mapping, or
// `key=value[;key=value…]` pairs. Pair values are read as YAML (`port=8081` is a number,
// `ids=[a,b]` a list); quote them to keep a string (`name='"8081"'`).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { parseYaml as readYaml } from '../dsl/yaml-source.js';

const isMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** YAML read the way blueprints are (YAML 1.1, as Cloudify's CLI reads inputs with PyYAML). */
function parseYaml(text: string, what: string): unknown {
  const { value, errors } = readYaml(what, text);
  const [first] = errors;
  if (!first) return value;
  const at = first.location ? ` (line ${first.location.line}, column ${first.location.column})` : '';
  throw new InvalidArgumentError(
    `${what} is not valid YAML${at}: ${first.message.replace(/^YAML syntax error: /, '')}`,
  );
}

/** One `-i`/`-p` value as a mapping; `flag` names the option in messages. */
export function parseKeyValues(value: string, flag: string, cwd = process.cwd()): Record<string, unknown> {
  const file = resolve(cwd, value);
  if (existsSync(file)) {
    const content = parseYaml(readFileSync(file, 'utf8'), `${flag} ${value}`) ?? {};
    if (!isMapping(content))
      throw new InvalidArgumentError(`${flag} ${value}: the file must hold a mapping of names to values`);
    return content;
  }
  const trimmed = value.trim();
  if (trimmed.startsWith('{')) {
    const inline = parseYaml(trimmed, `${flag} ${value}`);
    if (isMapping(inline)) return inline;
  }
  if (!trimmed.includes('=')) {
    throw new InvalidArgumentError(
      `${flag} ${value}: not a file, a key=value pair or a {key: value} mapping (e.g. ${flag} port=8081 or ${flag} inputs.yaml)`,
    );
  }
  const result: Record<string, unknown> = {};
  for (const pair of trimmed.split(';')) {
    if (pair.trim() === '') continue;
    const at = pair.indexOf('=');
    const key = pair.slice(0, at).trim();
    if (at <= 0 || key === '') throw new InvalidArgumentError(`${flag} ${value}: '${pair}' is not key=value`);
    const raw = pair.slice(at + 1).trim();
    result[key] = raw === '' ? '' : parseYaml(raw, `${flag} ${key}`);
  }
  return result;
}

/** Commander collector for a repeatable mapping option: later values override earlier ones. */
export function collectKeyValues(flag: string) {
  return (value: string, previous: Record<string, unknown> | undefined): Record<string, unknown> => ({
    ...previous,
    ...parseKeyValues(value, flag),
  });
}

export function integerAtLeast(minimum: number, what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || n < minimum) {
      throw new InvalidArgumentError(`${what} must be an integer ≥ ${minimum}, got '${value}'`);
    }
    return n;
  };
}

export function secondsAtLeastZero(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError(`must be a number of seconds ≥ 0, got '${value}'`);
  }
  return n;
}
