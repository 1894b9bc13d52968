// The blueprint engine's public surface: load and validate a blueprint, plan a deployment, and
// evaluate run-time functions against a deployment's state.
export {
  loadBlueprint,
  type Blueprint,
  type BlueprintValue,
  type LoadOptions,
  type LoadResult,
} from './blueprint.js';
export { createPlan, validateBlueprint, type PlanOptions, type PlanResult } from './create-plan.js';
export {
  evaluateRuntimeFunctions,
  evaluateOutputs,
  evaluateCapabilities,
  type EvaluatedValues,
} from './runtime-functions.js';
export {
  formatDslError,
  sortDslErrors,
  ErrorCode,
  FunctionEvaluationError,
  type DslError,
  type FormatOptions,
} from './errors.js';
export { DSL_VERSIONS, LATEST_DSL_VERSION } from './versions.js';
export { BUILTIN_TYPES_FILE } from './builtin-types.js';
export type * from './plan.js';
