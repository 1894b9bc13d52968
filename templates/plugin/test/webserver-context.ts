// A MockCloudifyContext for an operation of the web server node, shared by its unit tests.
import { MockCloudifyContext } from 'cloudify-plugin-sdk/mocks';
import type { WebServerRuntime } from '../src/webserver-node.js';

export const MAX_RETRIES = 10;

export function webServerContext(
  operation: 'start' | 'stop',
  port: number,
  {
    retryNumber = 0,
    runtimeProperties = {},
  }: { retryNumber?: number; runtimeProperties?: WebServerRuntime } = {},
): MockCloudifyContext {
  return new MockCloudifyContext({
    nodeName: 'webserver',
    properties: { port },
    runtimeProperties,
    operation: {
      name: `cloudify.interfaces.lifecycle.${operation}`,
      retryNumber,
      maxRetries: MAX_RETRIES,
    },
  });
}

export function runtimeOf(ctx: MockCloudifyContext): WebServerRuntime {
  return ctx.instance.runtimeProperties;
}
