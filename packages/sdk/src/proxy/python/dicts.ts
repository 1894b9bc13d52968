// Python dict semantics over plain objects: item access with Python's errors, the dict methods
// the proxy exposes as attributes (`ctx instance runtime-properties get port` calls dict.get),
// and the overrides of Cloudify's ImmutableProperties and DirtyTrackingDict.
import { PythonError, typeError } from './errors.js';
import { PyFunction, PyObject, dictKindOf, isDict, pythonTypeName, type Signature } from './objects.js';
import { pythonRepr } from '../python-format.js';

const keyError = (key: unknown): PythonError => new PythonError('KeyError', pythonRepr(key));

/** `key in container`. */
export function pythonContains(container: unknown, key: string): boolean {
  if (isDict(container)) return Object.hasOwn(container, key);
  if (Array.isArray(container)) return container.includes(key);
  if (typeof container === 'string') return container.includes(key);
  throw typeError(`argument of type '${pythonTypeName(container)}' is not iterable`);
}

/** `container[key]` with a string key. */
export function pythonGetItem(container: unknown, key: string): unknown {
  if (isDict(container)) {
    if (!Object.hasOwn(container, key)) throw keyError(key);
    return container[key];
  }
  if (Array.isArray(container)) throw typeError('list indices must be integers or slices, not str');
  if (typeof container === 'string') throw typeError("string indices must be integers, not 'str'");
  throw typeError(`'${pythonTypeName(container)}' object is not subscriptable`);
}

/** `container[key] = value`, honouring read-only dicts. */
export function pythonSetItem(container: unknown, key: string, value: unknown): void {
  if (isDict(container)) {
    const readOnly = dictKindOf(container)?.readOnlyError;
    if (readOnly) throw readOnly();
    container[key] = value;
    return;
  }
  if (Array.isArray(container)) throw typeError('list indices must be integers or slices, not str');
  throw typeError(`'${pythonTypeName(container)}' object does not support item assignment`);
}

function dictView(typeName: string): PyObject {
  return new PyObject(typeName, {});
}

/** `dict.update(E, **F)`: E is a mapping or an iterable of pairs. */
function update(dict: Record<string, unknown>, other: unknown, kwargs: Record<string, unknown>): void {
  if (isDict(other)) Object.assign(dict, other);
  else if (Array.isArray(other)) {
    other.forEach((pair, index) => {
      if (!Array.isArray(pair))
        throw typeError(`cannot convert dictionary update sequence element #${index} to a sequence`);
      if (pair.length !== 2) {
        throw new PythonError(
          'ValueError',
          `dictionary update sequence element #${index} has length ${pair.length}; 2 is required`,
        );
      }
      dict[String(pair[0])] = pair[1];
    });
  } else if (other !== undefined) throw typeError(`'${pythonTypeName(other)}' object is not iterable`);
  Object.assign(dict, kwargs);
}

function pop(dict: Record<string, unknown>, key: unknown, fallback: { value: unknown } | undefined): unknown {
  const name = String(key);
  if (typeof key === 'string' && Object.hasOwn(dict, name)) {
    const value = dict[name];
    delete dict[name];
    return value;
  }
  if (fallback) return fallback.value;
  throw keyError(key);
}

function popitem(dict: Record<string, unknown>): unknown[] {
  const last = Object.keys(dict).at(-1);
  if (last === undefined) throw keyError('popitem(): dictionary is empty');
  const value = dict[last];
  delete dict[last];
  return [last, value];
}

const builtin = (params: Signature['params'], varKwargs = false): Signature => ({
  params,
  builtin: true,
  varKwargs,
});
const method = (params: Signature['params'], varKwargs = false): Signature => ({
  params,
  method: true,
  varKwargs,
});

/** The dict's attributes as the proxy sees them: its methods (and its kind's extras). */
export function dictAttribute(
  dict: Record<string, unknown>,
  name: string,
): { found: boolean; value?: unknown } {
  const kind = dictKindOf(dict);
  const extra = kind?.attributes?.[name];
  if (extra) return { found: true, value: extra() };
  const readOnly = kind?.readOnlyError;
  // DirtyTrackingDict and ImmutableProperties override these in Python (plain functions there).
  const overridden = kind !== undefined && ['update', 'clear', 'pop', 'popitem'].includes(name);
  const qualname = `${overridden ? (kind?.typeName ?? 'dict') : 'dict'}.${name}`;
  const guard = (): void => {
    if (readOnly) throw readOnly();
  };
  const make = (signature: Signature, body: ConstructorParameters<typeof PyFunction>[2]): PyFunction =>
    new PyFunction(qualname, signature, body);
  switch (name) {
    case 'get':
      return {
        found: true,
        value: make(builtin([{ name: 'key' }, { name: 'default', default: null }]), ({ named }) =>
          typeof named.key === 'string' && Object.hasOwn(dict, named.key) ? dict[named.key] : named.default,
        ),
      };
    case 'keys':
    case 'items':
    case 'values':
      return { found: true, value: make(builtin([]), () => dictView(`dict_${name}`)) };
    case 'copy':
      return { found: true, value: make(builtin([]), () => ({ ...dict })) };
    case 'setdefault':
      // C-level setdefault bypasses the overridden __setitem__, also in Cloudify's dicts.
      return {
        found: true,
        value: make(builtin([{ name: 'key' }, { name: 'default', default: null }]), ({ named }) => {
          const key = String(named.key);
          if (!Object.hasOwn(dict, key)) dict[key] = named.default;
          return dict[key];
        }),
      };
    case 'update':
      return {
        found: true,
        value: make(
          overridden
            ? method([{ name: 'E', default: undefined }], true)
            : builtin([{ name: 'E', default: undefined }], true),
          ({ named, extraKwargs }) => {
            guard();
            // DirtyTrackingDict.update(E=None, **F) passes E on even when it is None.
            if (overridden && named.E === undefined) named.E = null;
            if (named.E === null) throw typeError("'NoneType' object is not iterable");
            update(dict, named.E, extraKwargs);
            return null;
          },
        ),
      };
    case 'clear':
      return {
        found: true,
        value: make(overridden ? method([]) : builtin([]), () => {
          guard();
          for (const key of Object.keys(dict)) delete dict[key];
          return null;
        }),
      };
    case 'pop':
      return {
        found: true,
        value: make(
          overridden
            ? method([{ name: 'k' }, { name: 'd', default: null }])
            : builtin([{ name: 'key' }, { name: 'default', default: undefined }]),
          ({ named }) => {
            guard();
            const key = overridden ? named.k : named.key;
            const fallback = overridden
              ? { value: named.d }
              : named.default === undefined
                ? undefined
                : { value: named.default };
            return pop(dict, key, fallback);
          },
        ),
      };
    case 'popitem':
      return {
        found: true,
        value: make(overridden ? method([]) : builtin([]), () => {
          guard();
          return popitem(dict);
        }),
      };
    default:
      return { found: false };
  }
}
