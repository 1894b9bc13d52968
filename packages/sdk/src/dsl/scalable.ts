// How many instances a node template asks for: `capabilities.scalable.properties` (DSL 1_3) or the
// deprecated `instances.deploy` (both: error 209), a non-negative integer or a function call.
import { ErrorCode } from './errors.js';
import { asFunctionCall } from './function-names.js';
import type { ParseContext, Where } from './parse-context.js';
import { pythonRepr } from './values.js';
import type { YamlMap } from './yaml-source.js';

export function parseInstances(
  map: YamlMap,
  path: string,
  where: Where,
  ctx: ParseContext,
): { deploy: unknown; deployWhere: Where } {
  let deploy: unknown = 1;
  let deployWhere = where;
  const instances = ctx.map(map.instances, map, 'instances', `${path}.instances`);
  if (instances) {
    ctx.checkKeys(instances, ['deploy'], `${path}.instances`);
    if (ctx.required(instances, 'deploy', `${path}.instances`)) {
      deploy = instances.deploy;
      deployWhere = { container: instances, key: 'deploy', path: `${path}.instances.deploy` };
    }
  }
  const capabilities = ctx.map(map.capabilities, map, 'capabilities', `${path}.capabilities`);
  if (capabilities) {
    ctx.gate('scalable', `'capabilities.scalable'`, map, 'capabilities', `${path}.capabilities`);
    ctx.checkKeys(capabilities, ['scalable'], `${path}.capabilities`);
    const scalable = ctx.map(
      capabilities.scalable,
      capabilities,
      'scalable',
      `${path}.capabilities.scalable`,
    );
    const propsPath = `${path}.capabilities.scalable.properties`;
    const props = scalable && ctx.map(scalable.properties, scalable, 'properties', propsPath);
    if (scalable) ctx.checkKeys(scalable, ['properties'], `${path}.capabilities.scalable`);
    if (props) {
      ctx.checkKeys(
        props,
        ['default_instances', 'min_instances', 'max_instances', 'current_instances'],
        propsPath,
      );
      checkScalable(props, propsPath, ctx);
      if (props.default_instances !== undefined) {
        deploy = props.default_instances;
        deployWhere = { container: props, key: 'default_instances', path: `${propsPath}.default_instances` };
      }
    }
    if (instances) {
      ctx.error(
        ErrorCode.instancesAndCapabilities,
        `Node '${String(where.key)}' defines both instances.deploy and capabilities.scalable (Note: instances.deploy is deprecated)`,
        { container: map, key: 'instances', path: `${path}.instances`, which: 'key' },
        'keep capabilities.scalable.properties.default_instances only',
      );
    }
  }
  if (!asFunctionCall(deploy) && !(Number.isInteger(deploy) && (deploy as number) >= 0)) {
    ctx.error(
      ErrorCode.invalidLiteralInstances,
      `The number of instances must be a non-negative integer, got ${pythonRepr(deploy)}`,
      deployWhere,
    );
    deploy = 1;
  }
  return { deploy, deployWhere };
}

function checkScalable(props: YamlMap, path: string, ctx: ParseContext): void {
  const literal = (key: string): number | undefined => {
    const value = props[key];
    if (value === undefined || asFunctionCall(value)) return undefined;
    if (Number.isInteger(value) && ((value as number) >= 0 || (key === 'max_instances' && value === -1)))
      return value as number;
    ctx.error(
      ErrorCode.invalidLiteralInstances,
      `'${key}' must be a non-negative integer${key === 'max_instances' ? ' or -1 (unbounded)' : ''}`,
      { container: props, key, path: `${path}.${key}` },
    );
    return undefined;
  };
  const def = literal('default_instances') ?? 1;
  const min = literal('min_instances') ?? 0;
  const max = literal('max_instances') ?? -1;
  if (def < min || (max !== -1 && (def > max || min > max))) {
    ctx.error(
      ErrorCode.invalidInstances,
      `Invalid scalable properties: min_instances (${min}) <= default_instances (${def}) <= max_instances (${max === -1 ? 'unbounded' : max}) does not hold`,
      { container: props, key: 'default_instances', path },
    );
  }
}
