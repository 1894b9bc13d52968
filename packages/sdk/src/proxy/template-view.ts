// The ctx model as a Jinja template sees it (`{{ ctx.node.properties.port }}`,
// `{{ ctx.instance.runtime_properties.get('ip') }}`): attributes resolve lazily, so reading
// `ctx.node` in a relationship operation raises exactly as in Python.
import { pythonRepr } from './python-format.js';
import { dictAttribute } from './python/dicts.js';
import { PyFunction, PyObject, isDict } from './python/objects.js';

function objectView(object: PyObject): object {
  return new Proxy(Object.create(null) as object, {
    get(_target, name) {
      if (name === 'toString') {
        const json = object.jsonValue?.();
        return () => (typeof json === 'string' ? json : `<${object.typeName} object>`);
      }
      if (typeof name !== 'string') return undefined;
      const found = object.lookup(name);
      return found.found ? templateView(found.value) : undefined;
    },
    has(_target, name) {
      return typeof name === 'string' && object.lookup(name).found;
    },
  });
}

/** A dict keeps its keys (so `{% for k, v in d %}` works) and gains get/keys/values/items. */
function dictView(dict: Record<string, unknown>): object {
  return new Proxy(dict, {
    get(target, name) {
      if (typeof name !== 'string') return undefined;
      if (Object.hasOwn(target, name)) return templateView(target[name]);
      if (name === 'toString') return () => pythonRepr(target);
      if (name === 'items') return () => Object.entries(target).map(([k, v]) => [k, templateView(v)]);
      if (name === 'keys') return () => Object.keys(target);
      if (name === 'values') return () => Object.values(target).map(templateView);
      const method = dictAttribute(target, name);
      return method.found ? templateView(method.value) : undefined;
    },
  });
}

export function templateView(value: unknown): unknown {
  if (value instanceof PyObject) return objectView(value);
  if (value instanceof PyFunction) return (...args: unknown[]) => templateView(value.call(args, {}));
  if (Array.isArray(value)) return value.map(templateView);
  if (isDict(value)) return dictView(value);
  return value;
}
