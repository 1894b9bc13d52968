// The `plugins` section (executor required, error 18; install without source, error 50) and the
// `workflows` section (a mapping to a declared plugin, error 21, and parameters).
import { ErrorCode } from './errors.js';
import type { ParseContext } from './parse-context.js';
import type { PlanPlugin, PlanWorkflow, PlanWorkflowParameter } from './plan.js';
import { parseSchema } from './schema.js';
import type { Entry } from './sections.js';
import { pythonRepr, pythonStr } from './values.js';

const PACKAGE_FIELDS = [
  'package_name',
  'package_version',
  'supported_platform',
  'distribution',
  'distribution_version',
  'distribution_release',
];
const PLUGIN_KEYS = [
  'executor',
  'source',
  'install',
  'install_arguments',
  ...PACKAGE_FIELDS,
  'properties_description',
  'properties',
];
const EXECUTORS = ['central_deployment_agent', 'host_agent'] as const;

export function parsePlugins(entries: Map<string, Entry>, ctx: ParseContext): Record<string, PlanPlugin> {
  const plugins: Record<string, PlanPlugin> = {};
  for (const entry of entries.values()) {
    const map = ctx.map(entry.value, entry.section, entry.name, entry.path);
    if (!map) continue;
    ctx.checkKeys(map, PLUGIN_KEYS, entry.path);
    if (map.install_arguments !== undefined)
      ctx.gate('pluginInstallArguments', `'install_arguments'`, map, 'install_arguments', entry.path);
    for (const field of PACKAGE_FIELDS) {
      if (map[field] !== undefined)
        ctx.gate('pluginPackageFields', `plugin '${field}'`, map, field, `${entry.path}.${field}`);
    }
    for (const field of ['properties', 'properties_description']) {
      if (map[field] !== undefined)
        ctx.gate('pluginProperties', `plugin '${field}'`, map, field, `${entry.path}.${field}`);
    }
    const executor = EXECUTORS.find((e) => e === map.executor);
    if (!executor) {
      const given = map.executor === undefined ? 'no executor' : `executor ${pythonRepr(map.executor)}`;
      ctx.error(
        ErrorCode.pluginExecutor,
        `Plugin '${entry.name}' has ${given}; it must be one of ${EXECUTORS.join(', ')}`,
        map.executor === undefined
          ? { container: entry.section, key: entry.name, path: entry.path, which: 'key' }
          : { container: map, key: 'executor', path: `${entry.path}.executor` },
        'a plugin tested with local workflows (no VM) needs executor: central_deployment_agent',
      );
    }
    const install = map.install ?? true;
    if (typeof install !== 'boolean')
      ctx.error(ErrorCode.format, `'install' must be true or false`, {
        container: map,
        key: 'install',
        path: `${entry.path}.install`,
      });
    const source = ctx.string(map.source, map, 'source', `${entry.path}.source`);
    const packageName = ctx.string(map.package_name, map, 'package_name', `${entry.path}.package_name`);
    if (install === true && !source && !packageName) {
      ctx.error(
        ErrorCode.pluginInstallWithoutSource,
        `Plugin '${entry.name}' needs to be installed, but does not declare a source or package_name property`,
        { container: entry.section, key: entry.name, path: entry.path, which: 'key' },
        `set 'install: false' (the local engine installs nothing), or give 'source' or 'package_name'`,
      );
    }
    const plugin: PlanPlugin = {
      name: entry.name,
      executor: executor ?? 'central_deployment_agent',
      install: install !== false,
    };
    if (source) plugin.source = source;
    if (packageName) plugin.packageName = packageName;
    if (map.package_version !== undefined && map.package_version !== null)
      plugin.packageVersion = pythonStr(map.package_version);
    plugins[entry.name] = plugin;
  }
  return plugins;
}

const WORKFLOW_KEYS = ['mapping', 'parameters', 'is_cascading', 'availability_rules'];

export function parseWorkflows(
  entries: Map<string, Entry>,
  plugins: Record<string, PlanPlugin>,
  ctx: ParseContext,
): Record<string, PlanWorkflow> {
  const workflows: Record<string, PlanWorkflow> = {};
  for (const entry of entries.values()) {
    let mapping: string | undefined;
    const parameters: Record<string, PlanWorkflowParameter> = {};
    let where = { container: entry.section, key: entry.name as string | number, path: entry.path };
    if (typeof entry.value === 'string') {
      mapping = entry.value;
    } else {
      const map = ctx.map(entry.value, entry.section, entry.name, entry.path);
      if (!map) continue;
      ctx.checkKeys(map, WORKFLOW_KEYS, entry.path);
      if (map.availability_rules !== undefined)
        ctx.gate('availabilityRules', `'availability_rules'`, map, 'availability_rules', entry.path);
      if (!ctx.required(map, 'mapping', entry.path)) continue;
      mapping = ctx.string(map.mapping, map, 'mapping', `${entry.path}.mapping`);
      where = { container: map, key: 'mapping', path: `${entry.path}.mapping` };
      for (const [name, schema] of parseSchema(
        map.parameters,
        map,
        'parameters',
        `${entry.path}.parameters`,
        ctx,
      )) {
        const parameter: PlanWorkflowParameter = { required: schema.required && !schema.hasDefault };
        if (schema.type !== undefined) parameter.type = schema.type;
        if (schema.hasDefault) parameter.default = schema.default;
        if (schema.description !== undefined) parameter.description = schema.description;
        parameters[name] = parameter;
      }
    }
    if (mapping === undefined) continue;
    if (!Object.keys(plugins).some((p) => mapping.startsWith(`${p}.`))) {
      ctx.error(
        ErrorCode.badWorkflowMapping,
        `Could not extract plugin from workflow mapping '${mapping}', which is declared for workflow '${entry.name}'`,
        where,
        `start the mapping with a declared plugin's name (${Object.keys(plugins).join(', ') || 'none declared'})`,
      );
    }
    workflows[entry.name] = { mapping, parameters };
  }
  return workflows;
}
