// The YAML rules blueprints are read with: YAML 1.1 as Cloudify's PyYAML loader applies them
// (`yes`/`on` are booleans, `0755` is octal, `1:30` is sexagesimal, a lone `y` is a string), except
// timestamps, which stay strings so a plan stays plain JSON. A js-yaml schema: the failsafe types
// (strings, lists, maps) plus these plain-scalar types and the `<<` merge key.
import { FAILSAFE_SCHEMA, Type } from 'js-yaml';

export const MERGE_TAG = 'tag:yaml.org,2002:merge';

type Form = readonly [test: RegExp, value: (text: string) => unknown];

/** A digit-grouped number in `radix`, its prefix (`0b`, `0`, `0x`) `skip` characters long. */
function integer(text: string, skip: number, radix: number): number {
  const sign = text[0];
  const digits = text.slice(sign === '-' || sign === '+' ? skip + 1 : skip).replace(/_/g, '');
  const n = Number.parseInt(digits, radix);
  return sign === '-' ? -1 * n : n;
}

/** `190:20:30` (base 60), with an optional fraction on the last part. */
function sexagesimal(text: string): number {
  const sign = text[0];
  const parts = (sign === '-' || sign === '+' ? text.slice(1) : text).replace(/_/g, '').split(':');
  const n = parts.reduce((total, part) => total * 60 + Number(part), 0);
  return sign === '-' ? -1 * n : n;
}

const decimal = (text: string): number => Number.parseFloat(text.replace(/_/g, ''));

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
// PyYAML's booleans: YAML 1.1's single-letter y/n are plain strings there.
const BOOLS = new Map([
  ...['yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((text) => [text, true] as const),
  ...['no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((text) => [text, false] as const),
]);
// In the order they are tried: `0755` is octal before it is decimal.
const INT_FORMS: Form[] = [
  [/^[-+]?0b[0-1_]+$/, (text) => integer(text, 2, 2)],
  [/^[-+]?0[0-7_]+$/, (text) => integer(text, 1, 8)],
  [/^[-+]?[0-9][0-9_]*$/, (text) => integer(text, 0, 10)],
  [/^[-+]?0x[0-9a-fA-F_]+$/, (text) => integer(text, 2, 16)],
  [/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/, sexagesimal],
];
const FLOAT_FORMS: Form[] = [
  [
    /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    (text) => (/nan$/i.test(text) ? NaN : text.startsWith('-') ? -Infinity : Infinity),
  ],
  // A float has a digit before its exponent: `e1` and `.` are strings, as in PyYAML.
  [/^(?=[^eE]*[0-9])[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/, decimal],
  [/^(?=.*[0-9])[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/, decimal],
  [/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/, sexagesimal],
];

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isSign = (c: number): boolean => c === 0x2b || c === 0x2d;

/** A number type whose text takes one of `forms`; `starts` tells the first characters it can have. */
function numberType(tag: string, forms: readonly Form[], starts: (c: number) => boolean): Type {
  const form = (text: string): Form | undefined => forms.find(([test]) => test.test(text));
  return new Type(tag, {
    kind: 'scalar',
    // Most plain scalars of a blueprint are names: rejected on their first character. (An explicit
    // tag on an empty node gives null.)
    resolve: (text: unknown) =>
      typeof text === 'string' && starts(text.charCodeAt(0)) && form(text) !== undefined,
    construct: (text: string) => form(text)![1](text),
  });
}

/** The schema blueprints are read with (js-yaml). */
export const BLUEPRINT_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type('tag:yaml.org,2002:null', {
      kind: 'scalar',
      resolve: (text: unknown) => text === null || (typeof text === 'string' && NULLS.has(text)),
      construct: () => null,
    }),
    new Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (text: unknown) => typeof text === 'string' && BOOLS.has(text),
      construct: (text: string) => BOOLS.get(text),
    }),
    numberType('tag:yaml.org,2002:int', INT_FORMS, (c) => isDigit(c) || isSign(c)),
    numberType('tag:yaml.org,2002:float', FLOAT_FORMS, (c) => isDigit(c) || isSign(c) || c === 0x2e),
    new Type(MERGE_TAG, { kind: 'scalar', resolve: (text: string) => text === '<<' }),
  ],
});

/** Sets a map entry; a `__proto__` key is an ordinary key, as in Python. */
export function setEntry(map: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}
