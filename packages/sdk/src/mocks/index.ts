// cloudify-plugin-sdk/mocks: run operations in-process in unit tests.
export {
  MockCloudifyContext,
  mockRelationshipContext,
  relationshipTo,
  type MockCloudifyContextOptions,
  type MockLogLine,
  type MockOperationOptions,
  type MockRelationshipOptions,
  type MockRetry,
  type MockSubjectOptions,
} from './mock-context.js';
export { withCtx } from '../context/current.js';
