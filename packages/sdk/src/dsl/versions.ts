// `tosca_definitions_version`: the accepted values, their order, and which DSL version each
// version-gated feature needs (reference cloudify-api.md §6.1).
import type { DslVersion } from './plan.js';

export const DSL_VERSIONS: readonly DslVersion[] = [
  'cloudify_dsl_1_0',
  'cloudify_dsl_1_1',
  'cloudify_dsl_1_2',
  'cloudify_dsl_1_3',
  'cloudify_dsl_1_4',
  'cloudify_dsl_1_5',
];

export const LATEST_DSL_VERSION: DslVersion = 'cloudify_dsl_1_5';

export function parseDslVersion(value: unknown): DslVersion | undefined {
  return DSL_VERSIONS.find((v) => v === value);
}

export function isAtLeast(version: DslVersion, minimum: DslVersion): boolean {
  return DSL_VERSIONS.indexOf(version) >= DSL_VERSIONS.indexOf(minimum);
}

/** The version-gated features (error 102 when used below their version). */
export const FEATURE_SINCE = {
  operationMaxRetries: 'cloudify_dsl_1_1',
  operationRetryInterval: 'cloudify_dsl_1_1',
  pluginInstallArguments: 'cloudify_dsl_1_1',
  concat: 'cloudify_dsl_1_1',
  pluginPackageFields: 'cloudify_dsl_1_2',
  dataTypes: 'cloudify_dsl_1_2',
  dslDefinitions: 'cloudify_dsl_1_2',
  description: 'cloudify_dsl_1_2',
  propertyRequired: 'cloudify_dsl_1_2',
  scalable: 'cloudify_dsl_1_3',
  merge: 'cloudify_dsl_1_3',
  displayLabel: 'cloudify_dsl_1_3',
  hidden: 'cloudify_dsl_1_3',
  resourceTags: 'cloudify_dsl_1_3',
  itemType: 'cloudify_dsl_1_4',
  objectInputTypes: 'cloudify_dsl_1_4',
  availabilityRules: 'cloudify_dsl_1_4',
  repeatedTemplateImports: 'cloudify_dsl_1_4',
  pluginProperties: 'cloudify_dsl_1_5',
  nodeTypeRuntimeProperties: 'cloudify_dsl_1_5',
  operationNameType: 'cloudify_dsl_1_5',
  constraintErrorMessage: 'cloudify_dsl_1_5',
} as const satisfies Record<string, DslVersion>;

export type Feature = keyof typeof FEATURE_SINCE;
