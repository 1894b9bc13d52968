// The error classes: Cloudify's messages and kinds, instanceof across SDK copies.
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { test } from 'node:test';
import {
  HttpError,
  NonRecoverableError,
  OperationRetry,
  RecoverableError,
  isNonRecoverableError,
  isOperationRetry,
  isRecoverableError,
  toError,
} from '../../src/errors.js';

test('RecoverableError appends [retry_after=N] like Cloudify, once', () => {
  const error = new RecoverableError('not ready', { retryAfter: 30 });
  assert.equal(error.message, 'not ready [retry_after=30]');
  assert.equal(error.reason, 'not ready');
  assert.equal(error.retryAfter, 30);
  assert.equal(new RecoverableError('x [retry_after=5]', { retryAfter: 5 }).message, 'x [retry_after=5]');
  assert.equal(new RecoverableError('plain').message, 'plain');
  assert.throws(
    () => new RecoverableError('x', { retryAfter: -1 }),
    /retryAfter must be a number of seconds >= 0, got -1/,
  );
});

test('names, kinds and instanceof', () => {
  const retry = new OperationRetry('wait', { retryAfter: 1 });
  const http = new HttpError('http://host/x', 404, 'Resource not found');
  assert.equal(retry.name, 'OperationRetry');
  assert.ok(retry instanceof OperationRetry && retry instanceof RecoverableError && retry instanceof Error);
  assert.ok(!(retry instanceof NonRecoverableError));
  assert.ok(!(new RecoverableError() instanceof OperationRetry));
  assert.equal(http.message, '404 (http://host/x) : Resource not found');
  assert.equal(http.name, 'HttpError');
  assert.ok(http instanceof NonRecoverableError && http instanceof HttpError);
  assert.ok(!(new NonRecoverableError() instanceof HttpError));
  assert.deepEqual(
    [isNonRecoverableError(http), isRecoverableError(retry), isOperationRetry(retry)],
    [true, true, true],
  );
  assert.deepEqual(
    [isNonRecoverableError(new Error()), isRecoverableError('x'), isOperationRetry(null)],
    [false, false, false],
  );
});

test('an error from another realm (or another copy of the SDK) is still recognised', () => {
  const local = new NonRecoverableError('here');
  const foreign: unknown = runInNewContext(
    `const e = new Error('there');
     Object.defineProperty(e, Symbol.for('cloudify-plugin-sdk.error-kinds'), { value: ['RecoverableError', 'OperationRetry'] });
     e`,
  );
  assert.ok(foreign instanceof OperationRetry);
  assert.ok(foreign instanceof RecoverableError);
  assert.ok(!(foreign instanceof NonRecoverableError));
  assert.ok(local instanceof NonRecoverableError);
});

test('causes in Cloudify format; toError', () => {
  const cause = new TypeError('inner');
  const error = new NonRecoverableError('outer', { causes: [cause, { message: 'm', type: 'T' }], cause });
  assert.equal(error.causes[0]?.type, 'TypeError');
  assert.equal(error.causes[0]?.message, 'inner');
  assert.match(error.causes[0]?.traceback ?? '', /TypeError: inner/);
  assert.deepEqual(error.causes[1], { message: 'm', type: 'T' });
  assert.equal(error.cause, cause);
  assert.equal(toError('text').message, 'text');
  assert.equal(toError({ a: 1 }).message, 'non-Error value thrown: {"a":1}');
  assert.equal(toError(cause), cause);
});
