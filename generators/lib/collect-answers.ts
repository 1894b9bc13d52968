// Turns flags, stored answers, prompts and defaults into a complete, checked set of Answers.
import {
  ANSWER_SPECS,
  flagList,
  type AnswerKey,
  type AnswerSpec,
  type Answers,
  type DefaultsContext,
} from './answers.js';
import { UsageError } from './errors.js';
import { quote } from './validation.js';

export type RawAnswers = Partial<Record<AnswerKey, unknown>>;

/** Whether missing answers can be asked: --interactive / --no-interactive, else a terminal outside CI. */
export function isInteractive(flag: unknown, stdinIsTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (typeof flag === 'boolean') return flag;
  const ci = env['CI'];
  return stdinIsTTY && (ci === undefined || ci === '' || ci === 'false' || ci === '0');
}

/** A prompt question, in the shape Inquirer takes (Yeoman's adapter, or @inquirer/prompts directly). */
export interface AnswerQuestion {
  type: 'input' | 'select';
  name: AnswerKey;
  message: string;
  default?: string;
  choices?: string[];
  validate: (input: unknown) => true | string;
}

export type Ask = (question: AnswerQuestion) => Promise<unknown>;

/**
 * Checks raw values from one source; `where` names the source in messages (`--name`, `.yo-rc.json`).
 * Every problem is reported at once.
 */
export function checkRawAnswers(raw: RawAnswers, where: (spec: AnswerSpec) => string): Partial<Answers> {
  const checked: Partial<Record<AnswerKey, unknown>> = {};
  const problems: string[] = [];
  for (const spec of ANSWER_SPECS) {
    const value = raw[spec.key];
    if (value === undefined) continue;
    const result = spec.check(value);
    if (result.ok) checked[spec.key] = result.value;
    else problems.push(`${where(spec)}: ${result.problem}`);
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return checked as Partial<Answers>;
}

export function toQuestion(spec: AnswerSpec, fallback: string | number | undefined): AnswerQuestion {
  return {
    type: spec.choices ? 'select' : 'input',
    name: spec.key,
    message: spec.message,
    ...(fallback === undefined ? {} : { default: String(fallback) }),
    ...(spec.choices ? { choices: [...spec.choices] } : {}),
    validate: (input) => {
      const result = spec.check(input);
      return result.ok ? true : result.problem;
    },
  };
}

export interface CollectOptions {
  /** Already checked answers (flags over stored ones). */
  given: Partial<Answers>;
  context: DefaultsContext;
  /** Offered as defaults instead of the usual ones (stored answers, with --ask-answered). */
  suggested?: Partial<Answers>;
  /** How to ask; undefined when nothing can be asked (no terminal). */
  ask?: Ask;
  /** --yes: take the default of every answer that has one instead of asking. */
  acceptDefaults: boolean;
}

export interface Collected {
  answers: Answers;
  /** Answers that took their default without being asked. */
  defaulted: AnswerKey[];
}

export async function collectAnswers({
  given,
  context,
  suggested = {},
  ask,
  acceptDefaults,
}: CollectOptions): Promise<Collected> {
  const known: Partial<Record<AnswerKey, unknown>> = {};
  const defaulted: AnswerKey[] = [];
  const missing: AnswerSpec[] = [];
  for (const spec of ANSWER_SPECS) {
    const value = given[spec.key];
    if (value !== undefined) {
      known[spec.key] = value;
      continue;
    }
    const fallback = suggested[spec.key] ?? spec.defaultValue(context, known as Partial<Answers>);
    if (ask && (fallback === undefined || !acceptDefaults)) {
      const result = spec.check(await ask(toQuestion(spec, fallback)));
      if (!result.ok) throw new UsageError(result.problem);
      known[spec.key] = result.value;
    } else if (fallback !== undefined) {
      known[spec.key] = fallback;
      defaulted.push(spec.key);
    } else if (missing.length === 0) {
      missing.push(spec);
    } // else its default waits on an answer already missing (the node type on the name)
  }
  if (missing.length > 0) throw new UsageError(missingMessage(missing, context));
  return { answers: known as unknown as Answers, defaulted };
}

/** Why the run stops, and the flags that would let it go on. */
export function missingMessage(missing: AnswerSpec[], context: DefaultsContext): string {
  const names = missing.map(
    (spec) => `${spec.key === 'name' ? 'the plugin name' : spec.key} (--${spec.flag})`,
  );
  const lines = [
    `Missing ${names.join(', ')}: nothing can be asked, because stdin is not a terminal (or CI is set, or --no-interactive was given).`,
  ];
  if (missing.some((spec) => spec.key === 'name')) {
    if (context.folderName !== undefined) {
      lines.push(
        `The target folder's name ${quote(context.folderName)} is not a valid plugin name, so pass one with --name <name>.`,
      );
    } else {
      lines.push(
        'Name the plugin with --name <name>, or give the target folder as the first argument (its name becomes the plugin name);',
        'add --yes to take the defaults for everything else, e.g.:',
        '  npm init cloudify-plugin my-plugin -- --yes',
        '  yo cloudify-plugin my-plugin --yes',
      );
    }
  }
  lines.push(`Every answer has a flag: ${flagList()}.`);
  return lines.join('\n');
}
