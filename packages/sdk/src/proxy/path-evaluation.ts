// How Cloudify's proxy turns `args` into an action on ctx (cloudify/proxy/server.py
// `process_ctx_request` and `PathDictAccess`, reference cloudify-api.md §7.3): walk attributes
// (trying `-` → `_`), then on a dict read or set a dotted key path, or call a callable with the
// remaining args (a final dict becomes keyword arguments); a callable left at the end is called.
import { PythonError } from './python/errors.js';
import { dictAttribute, pythonContains, pythonGetItem, pythonSetItem } from './python/dicts.js';
import { PyFunction, PyObject, isDict, pythonTypeName } from './python/objects.js';
import { pythonRepr, pythonStr } from './python-format.js';

const illegalPath = (path: string): PythonError => new PythonError('RuntimeError', `illegal path: ${path}`);

const INDEXED_SEGMENT = /^(.+)\[(\d+)\]/;

function splitPath(path: unknown): string[] {
  if (typeof path !== 'string') {
    throw new PythonError('AttributeError', `'${pythonTypeName(path)}' object has no attribute 'split'`);
  }
  return path.split('.');
}

/** PathDictAccess._get_object_by_path: missing keys raise, or become new dicts when setting. */
function objectByPath(root: Record<string, unknown>, path: string, failOnMissing: boolean): unknown {
  let current: unknown = root;
  for (const segment of splitPath(path)) {
    const match = INDEXED_SEGMENT.exec(segment);
    if (match) {
      const [, name = '', indexText = '0'] = match;
      if (!pythonContains(current, name)) throw illegalPath(path);
      const list = pythonGetItem(current, name);
      if (!Array.isArray(list)) throw illegalPath(path);
      const index = Number(indexText);
      if (index >= list.length) throw new PythonError('IndexError', 'list index out of range');
      current = list[index];
    } else {
      if (!pythonContains(current, segment)) {
        if (failOnMissing) throw illegalPath(path);
        pythonSetItem(current, segment, {});
      }
      current = pythonGetItem(current, segment);
    }
  }
  return current;
}

function setByPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const segments = splitPath(path);
  const name = segments.pop() ?? '';
  const parent = segments.length === 0 ? root : objectByPath(root, segments.join('.'), false);
  pythonSetItem(parent, name, value);
}

/** Python's hasattr/getattr on any value of the model. */
function lookupAttribute(target: unknown, name: string): { found: boolean; value?: unknown } {
  if (target instanceof PyObject) return target.lookup(name);
  if (isDict(target)) return dictAttribute(target, name);
  return { found: false };
}

function desugaredAttribute(target: unknown, arg: unknown): { found: boolean; value?: unknown } {
  if (typeof arg !== 'string') return { found: false };
  const direct = lookupAttribute(target, arg);
  if (direct.found) return direct;
  const underscored = arg.replaceAll('-', '_');
  return underscored === arg ? direct : lookupAttribute(target, underscored);
}

/** Evaluates one proxy request against the ctx object; the result is what json.dumps gets. */
export async function processCtxRequest(ctx: PyObject, args: unknown[]): Promise<unknown> {
  let current: unknown = ctx;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const attribute = desugaredAttribute(current, arg);
    if (attribute.found) {
      current = attribute.value;
      continue;
    }
    if (isDict(current)) {
      if (index + 1 === args.length) {
        current = objectByPath(current, arg as string, true);
      } else if (index + 2 === args.length) {
        setByPath(current, arg as string, args[index + 1]);
        current = null;
      } else {
        throw new PythonError('RuntimeError', 'Illegal argument while accessing dict');
      }
      break;
    }
    if (current instanceof PyFunction) {
      const remaining = args.slice(index);
      const last = remaining.at(-1);
      const kwargs = isDict(last) ? (remaining.pop() as Record<string, unknown>) : {};
      current = await current.call(remaining, kwargs);
      break;
    }
    throw new PythonError('RuntimeError', `${pythonStr(arg)} cannot be processed in ${pythonRepr(args)}`);
  }
  if (current instanceof PyFunction) current = await current.call([], {});
  return current;
}
