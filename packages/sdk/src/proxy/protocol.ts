// One ctx-proxy exchange as Cloudify's `CtxProxy.process` answers it (reference
// ctx-proxy-transcripts/): the body `{"args": [...]}` in, `{"type": "result"|"error"|
// "stop_operation", "payload": ...}` out, errors reported as payloads, never as HTTP failures.
import { PythonError, pythonErrorFromNodeError } from './python/errors.js';
import { pythonGetItem } from './python/dicts.js';
import { dumpsModelValue, pythonJsonLoads } from './python/json.js';
import { PyObject, isDict, pythonTypeName } from './python/objects.js';
import { processCtxRequest } from './path-evaluation.js';
import { pythonStr } from './python-format.js';

/**
 * What `ctx abort_operation` / `ctx retry_operation` return (cloudify.proxy.client.ScriptException):
 * the proxy answers it as `stop_operation`.
 */
export class ScriptException extends PyObject {
  constructor(
    readonly message: unknown,
    readonly retry: boolean,
  ) {
    super('ScriptException', {});
  }
}

/** `typed_request['args']`, then Python's `len(args)` / `args[i]` on whatever it is. */
function requestArgs(request: unknown): unknown[] {
  const args = pythonGetItem(request, 'args');
  if (Array.isArray(args)) return args;
  if (typeof args === 'string') return Array.from(args);
  if (isDict(args)) {
    if (Object.keys(args).length === 0) return [];
    throw new PythonError('KeyError', '0');
  }
  throw new PythonError('TypeError', `object of type '${pythonTypeName(args)}' has no len()`);
}

function errorPayload(error: unknown): { type: string; message: string } {
  if (error instanceof PythonError) return { type: error.pythonType, message: error.message };
  const osError = pythonErrorFromNodeError(error);
  if (osError) return { type: osError.pythonType, message: osError.message };
  if (error instanceof Error) return { type: error.name || 'Exception', message: error.message };
  return { type: 'Exception', message: String(error) };
}

export function errorResponse(error: unknown): string {
  const { type, message } = errorPayload(error);
  const traceback = `Traceback (most recent call last):\n  (cloudify-plugin-sdk local ctx proxy)\n${type}: ${message}\n`;
  return dumpsModelValue({ type: 'error', payload: { type, message, traceback } });
}

/** Answers one request body against `ctx`; never throws. */
export async function answerCtxRequest(body: string, ctx: PyObject): Promise<string> {
  try {
    const args = requestArgs(pythonJsonLoads(body));
    const payload = await processCtxRequest(ctx, args);
    if (payload instanceof ScriptException) {
      return dumpsModelValue({ type: 'stop_operation', payload: { message: pythonStr(payload.message) } });
    }
    return dumpsModelValue({ type: 'result', payload });
  } catch (error) {
    return errorResponse(error);
  }
}
