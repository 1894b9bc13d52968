// The Python `ctx` of one script operation (cloudify/context.py CloudifyContext, plus the
// returns / abort_operation / retry_operation the script runner adds), as the model the proxy
// walks. Names, signatures and error messages are Cloudify's; runtime properties are the live
// objects the executor persists (every change counts, nested ones too).
import type { OperationContextData, ProxyLogLevel } from './context-data.js';
import { InstanceModel } from './instance-model.js';
import { nonRecoverableError } from './python/errors.js';
import { PyFunction, PyObject, pythonMethod } from './python/objects.js';
import { percentFormat } from './python/percent-format.js';
import { pythonStr } from './python-format.js';
import { templateView } from './template-view.js';

export type * from './context-data.js';

const NODE_INSTANCE = 'node-instance';
const RELATIONSHIP_INSTANCE = 'relationship-instance';

class ContextModel {
  private readonly entities: InstanceModel;

  constructor(private readonly data: OperationContextData) {
    this.entities = new InstanceModel(data);
  }

  private logger(): PyObject {
    const level = (name: string, to: ProxyLogLevel) =>
      pythonMethod(
        `Logger.${name}`,
        [{ name: 'msg' }],
        ({ named, rest }) => {
          this.data.log(to, percentFormat(pythonStr(named.msg), rest));
          return null;
        },
        true,
      );
    return new PyObject('Logger', {
      debug: () => level('debug', 'debug'),
      info: () => level('info', 'info'),
      warning: () => level('warning', 'warning'),
      warn: () => level('warn', 'warning'),
      error: () => level('error', 'error'),
      exception: () => level('exception', 'error'),
      critical: () => level('critical', 'error'),
    });
  }

  private operation(): PyObject {
    const { task, subjects, outcome } = this.data;
    return new PyObject('OperationContext', {
      name: () => task.operation.name,
      retry_number: () => task.retryNumber,
      max_retries: () => task.maxRetries,
      relationship: () => (subjects.kind === 'relationship' ? subjects.side : null),
      retry: () =>
        pythonMethod(
          'OperationContext.retry',
          [
            { name: 'message', default: null },
            { name: 'retry_after', default: null },
          ],
          ({ named }) => {
            outcome.requestRetry(named.message, named.retry_after);
            return null;
          },
        ),
    });
  }

  private plugin(): PyObject {
    const name = this.data.task.operation.plugin ?? '';
    const plugin = this.data.task.plan.plugins[name];
    return new PyObject(
      'PluginContext',
      {
        name: () => name,
        package_name: () => plugin?.packageName ?? null,
        package_version: () => plugin?.packageVersion ?? null,
        source: () => plugin?.source ?? null,
        properties: () => null,
      },
      () => name,
    );
  }

  ctx(): PyObject {
    const { task, subjects, outcome, resources } = this.data;
    const type = subjects.kind === 'relationship' ? RELATIONSHIP_INSTANCE : NODE_INSTANCE;
    const inNodeContext =
      <T>(get: () => T) =>
      () => {
        if (type !== NODE_INSTANCE) {
          throw nonRecoverableError(
            `ctx.node/ctx.instance can only be used in a ${NODE_INSTANCE} context but used in a ${type} context.`,
          );
        }
        return get();
      };
    const inRelationshipContext =
      <T>(get: () => T) =>
      () => {
        if (type !== RELATIONSHIP_INSTANCE) {
          throw nonRecoverableError(
            `ctx.source/ctx.target can only be used in a ${RELATIONSHIP_INSTANCE} context but used in a ${type} context.`,
          );
        }
        return get();
      };
    const self = subjects.kind === 'node' ? subjects.self : undefined;
    const pair = subjects.kind === 'relationship' ? subjects : undefined;
    let instance: PyObject | undefined;
    let source: PyObject | undefined;
    let target: PyObject | undefined;
    const logger = this.logger();
    const operation = this.operation();
    const plugin = this.plugin();
    const ctx: PyObject = new PyObject('CloudifyContext', {
      type: () => type,
      node: inNodeContext(() => this.entities.node(self!.node)),
      instance: inNodeContext(() => (instance ??= this.entities.instance(self!))),
      source: inRelationshipContext(() => (source ??= this.entities.subjectContext(pair!.source))),
      target: inRelationshipContext(() => (target ??= this.entities.subjectContext(pair!.target))),
      deployment: () =>
        new PyObject('DeploymentContext', {
          id: () => task.deploymentId,
          tenant_name: () => null,
          display_name: () => task.deploymentId,
          creator: () => null,
          resource_tags: () => null,
          runtime_only_evaluation: () => null,
        }),
      blueprint: () => new PyObject('BlueprintContext', { id: () => task.blueprintId }),
      execution_id: () => task.executionId,
      workflow_id: () => task.workflowId,
      task_id: () => this.data.taskId,
      task_name: () => task.operation.operation ?? null,
      task_target: () => null,
      task_queue: () => null,
      task_type: () => 'operation',
      timeout: () => task.operation.timeout ?? null,
      timeout_recoverable: () => task.operation.timeoutRecoverable ?? false,
      tenant_name: () => null,
      bypass_maintenance: () => false,
      resume: () => false,
      execution_env: () => ({}),
      workflow_parameters: () => ({}),
      provider_context: () => ({}),
      operation: () => operation,
      logger: () => logger,
      plugin: () => plugin,
      send_event: () =>
        pythonMethod('CloudifyContext.send_event', [{ name: 'event' }], ({ named }) => {
          this.data.log('info', pythonStr(named.event));
          return null;
        }),
      get_config: () =>
        pythonMethod(
          'CloudifyContext.get_config',
          [
            { name: 'name', default: null },
            { name: 'scope', default: null },
          ],
          () => [],
        ),
      get_resource: () =>
        pythonMethod('CloudifyContext.get_resource', [{ name: 'resource_path' }], async ({ named }) =>
          (await resources.read(named.resource_path)).toString('utf8'),
        ),
      get_resource_and_render: () =>
        pythonMethod(
          'CloudifyContext.get_resource_and_render',
          [{ name: 'resource_path' }, { name: 'template_variables', default: null }],
          async ({ named }) =>
            (
              await resources.readAndRender(named.resource_path, named.template_variables, templateView(ctx))
            ).toString('utf8'),
        ),
      download_resource: () =>
        pythonMethod(
          'CloudifyContext.download_resource',
          [{ name: 'resource_path' }, { name: 'target_path', default: null }],
          ({ named }) => resources.download(named.resource_path, named.target_path),
        ),
      download_resource_and_render: () =>
        pythonMethod(
          'CloudifyContext.download_resource_and_render',
          [
            { name: 'resource_path' },
            { name: 'target_path', default: null },
            { name: 'template_variables', default: null },
          ],
          ({ named }) =>
            resources.downloadAndRender(
              named.resource_path,
              named.target_path,
              named.template_variables,
              templateView(ctx),
            ),
        ),
      returns: () =>
        new PyFunction('process_execution.<locals>.returns', { params: [{ name: 'value' }] }, ({ named }) => {
          outcome.returns(named.value);
          return null;
        }),
      abort_operation: () =>
        new PyFunction(
          'process_execution.<locals>.abort_operation',
          { params: [{ name: 'message', default: null }] },
          ({ named }) => outcome.abort(named.message),
        ),
      retry_operation: () =>
        new PyFunction(
          'process_execution.<locals>.retry_operation',
          {
            params: [
              { name: 'message', default: null },
              { name: 'retry_after', default: null },
            ],
          },
          ({ named }) => outcome.retryOperation(named.message, named.retry_after),
        ),
    });
    return ctx;
  }
}

/** Builds the `ctx` object the proxy serves for one operation. */
export function createOperationContext(data: OperationContextData): PyObject {
  return new ContextModel(data).ctx();
}
