// Typed node properties from plugin.yaml: what `cloudify-plugin types` runs.
export {
  DEFAULT_PLUGIN_YAML,
  DEFAULT_TYPES_FILE,
  checkPluginTypes,
  formatPluginYamlErrors,
  generatePluginTypes,
  writePluginTypes,
  type CheckResult,
  type GeneratedPluginTypes,
  type PluginTypesOptions,
  type WriteResult,
} from './plugin-types.js';
export { PluginTypesError } from './errors.js';
