// The Python object model the ctx proxy walks: Cloudify's proxy evaluates a request by getattr,
// dict access and calls on its Python `ctx` object. We model that graph as data plus callables:
// JSON values stand for Python values (plain objects are dicts, arrays are lists), `PyObject` for
// class instances with attributes (properties are getters, so they may raise like Python's), and
// `PyFunction` for callables with a Python signature, so argument errors read as Python's do.
import { PythonError, typeError } from './errors.js';

type Getter = () => unknown;

export class PyObject {
  constructor(
    /** The Python class name, as it appears in "Object of type X is not JSON serializable". */
    readonly typeName: string,
    private readonly attributes: Readonly<Record<string, Getter>>,
    /** For str subclasses such as PluginContext: the value json.dumps writes. */
    readonly jsonValue?: () => unknown,
  ) {}

  /** Python's hasattr + getattr: a getter raising AttributeError means "no such attribute". */
  lookup(name: string): { found: true; value: unknown } | { found: false } {
    const getter = Object.hasOwn(this.attributes, name) ? this.attributes[name] : undefined;
    if (!getter) return { found: false };
    try {
      return { found: true, value: getter() };
    } catch (error) {
      if (error instanceof PythonError && error.pythonType === 'AttributeError') return { found: false };
      throw error;
    }
  }
}

export interface Parameter {
  name: string;
  /** Present when the parameter is optional (Python `name=default`). */
  default?: unknown;
}

export interface Signature {
  /** Positional-or-keyword parameters, `self` excluded. */
  params: Parameter[];
  /** Accepts `*args`. */
  varArgs?: boolean;
  /** Accepts `**kwargs`. */
  varKwargs?: boolean;
  /** A bound method: Python counts `self` in "takes N positional arguments" messages. */
  method?: boolean;
  /** A C builtin (dict methods): different argument-error wording, no keyword arguments. */
  builtin?: boolean;
}

export interface BoundArguments {
  /** Every declared parameter, defaults filled in. */
  named: Record<string, unknown>;
  /** Extra positional arguments (`*args`). */
  rest: unknown[];
  /** Extra keyword arguments (`**kwargs`). */
  extraKwargs: Record<string, unknown>;
}

export class PyFunction {
  constructor(
    /** Python's `__qualname__`, e.g. `process_execution.<locals>.returns`. */
    readonly qualname: string,
    readonly signature: Signature,
    private readonly body: (args: BoundArguments) => unknown,
  ) {}

  call(args: unknown[], kwargs: Record<string, unknown>): unknown {
    const bound = this.signature.builtin ? this.bindBuiltin(args, kwargs) : this.bind(args, kwargs);
    return this.body(bound);
  }

  /** CPython's argument binding order: keywords first, then too many positionals, then missing ones. */
  private bind(args: unknown[], kwargs: Record<string, unknown>): BoundArguments {
    const { params, varArgs, varKwargs, method } = this.signature;
    const named: Record<string, unknown> = {};
    const given = new Set<string>();
    params.slice(0, args.length).forEach((p, i) => {
      named[p.name] = args[i];
      given.add(p.name);
    });
    const rest = args.slice(params.length);
    const extraKwargs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(kwargs)) {
      if (!params.some((p) => p.name === key)) {
        if (!varKwargs) throw typeError(`${this.qualname}() got an unexpected keyword argument '${key}'`);
        extraKwargs[key] = value;
      } else if (given.has(key)) {
        throw typeError(`${this.qualname}() got multiple values for argument '${key}'`);
      } else {
        named[key] = value;
        given.add(key);
      }
    }
    if (rest.length > 0 && !varArgs) {
      const self = method ? 1 : 0;
      const max = params.length + self;
      const min = params.filter((p) => !('default' in p)).length + self;
      const count = min === max ? String(max) : `from ${min} to ${max}`;
      const received = args.length + self;
      throw typeError(
        `${this.qualname}() takes ${count} positional argument${max === 1 ? '' : 's'} but ` +
          `${received} ${received === 1 ? 'was' : 'were'} given`,
      );
    }
    const missing = params.filter((p) => !given.has(p.name) && !('default' in p)).map((p) => `'${p.name}'`);
    if (missing.length > 0) {
      throw typeError(
        `${this.qualname}() missing ${missing.length} required positional argument` +
          `${missing.length === 1 ? '' : 's'}: ${joinNames(missing)}`,
      );
    }
    for (const p of params) if (!given.has(p.name)) named[p.name] = p.default;
    return { named, rest, extraKwargs };
  }

  private bindBuiltin(args: unknown[], kwargs: Record<string, unknown>): BoundArguments {
    const { params, varKwargs } = this.signature;
    const shortName = this.qualname.slice(this.qualname.lastIndexOf('.') + 1);
    if (!varKwargs && Object.keys(kwargs).length > 0) {
      throw typeError(`${this.qualname}() takes no keyword arguments`);
    }
    const min = params.filter((p) => !('default' in p)).length;
    if (params.length === 0 && args.length > 0) {
      throw typeError(`${this.qualname}() takes no arguments (${args.length} given)`);
    }
    if (args.length < min) {
      throw typeError(
        `${shortName} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${args.length}`,
      );
    }
    if (args.length > params.length) {
      throw typeError(
        `${shortName} expected at most ${params.length} argument${params.length === 1 ? '' : 's'}, got ${args.length}`,
      );
    }
    const named: Record<string, unknown> = {};
    params.forEach((p, i) => (named[p.name] = i < args.length ? args[i] : p.default));
    return { named, rest: [], extraKwargs: { ...kwargs } };
  }
}

/** A bound method (`self` counted in argument errors); `varArgs` adds `*args, **kwargs`. */
export function pythonMethod(
  qualname: string,
  params: Parameter[],
  body: (args: BoundArguments) => unknown,
  varArgs = false,
): PyFunction {
  return new PyFunction(qualname, { params, method: true, varArgs, varKwargs: varArgs }, body);
}

/** Python's list of names in argument errors: 'a'; 'a' and 'b'; 'a', 'b', and 'c'. */
function joinNames(names: string[]): string {
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, -1).join(', ')}, and ${names.at(-1)}`;
}

/** How a dict behaves on writes: Cloudify's ImmutableProperties and DirtyTrackingDict. */
export interface DictKind {
  typeName: string;
  /** Raised on every write (ImmutableProperties). */
  readOnlyError?: () => PythonError;
  /** Extra attributes (DirtyTrackingDict's `dirty`, `modifiable`). */
  attributes?: Readonly<Record<string, () => unknown>>;
}

const dictKinds = new WeakMap<object, DictKind>();

export function defineDictKind<T extends Record<string, unknown>>(dict: T, kind: DictKind): T {
  dictKinds.set(dict, kind);
  return dict;
}

export function dictKindOf(dict: Record<string, unknown>): DictKind | undefined {
  return dictKinds.get(dict);
}

export function isDict(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof PyObject) &&
    !(value instanceof PyFunction)
  );
}

/** `type(value).__name__`. */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (value instanceof PyObject) return value.typeName;
  if (value instanceof PyFunction) return value.signature.method ? 'method' : 'function';
  if (isDict(value)) return dictKindOf(value)?.typeName ?? 'dict';
  return typeof value;
}
