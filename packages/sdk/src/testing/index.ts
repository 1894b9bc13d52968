// cloudify-plugin-sdk/testing: run a plugin's operations under real local workflows in tests.
export {
  createWorkflowTest,
  withWorkflowTest,
  workflowTest,
  type Inputs,
  type InputsContext,
  type WorkflowTestEnvironment,
  type WorkflowTestOptions,
} from './workflow-test.js';
export {
  CheckFailedError,
  expectInstanceCount,
  expectNoRuntimeProperty,
  expectOutput,
  expectRuntimeProperty,
  expectState,
  type Check,
  type Expected,
} from './checks.js';
export { freePort } from './free-port.js';
export type { ResourceToCopy } from './temp-blueprint.js';
export { WorkflowFailedError, formatFailure, type TaskFailure } from '../workflows/failures.js';
