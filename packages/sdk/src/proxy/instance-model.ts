// The node and instance side of the Python ctx (cloudify/context.py NodeContext,
// NodeInstanceContext, RelationshipContext, RelationshipSubjectContext): properties read-only,
// runtime properties live, host_ip and relationships as Cloudify resolves them.
import type { PlanNode, PlanNodeInstance } from '../dsl/plan.js';
import type { OperationContextData, SubjectData } from './context-data.js';
import { nonRecoverableError } from './python/errors.js';
import { defineDictKind, pythonMethod, PyObject } from './python/objects.js';

function immutableProperties(properties: Record<string, unknown>): Record<string, unknown> {
  return defineDictKind(structuredClone(properties), {
    typeName: 'ImmutableProperties',
    readOnlyError: () => nonRecoverableError('Cannot override read only properties'),
  });
}

export class InstanceModel {
  private readonly nodeContexts = new Map<string, PyObject>();

  constructor(private readonly data: OperationContextData) {}

  private subjectFor(instanceId: string): SubjectData | undefined {
    const { subjects } = this.data;
    if (subjects.kind === 'node') return subjects.self.instance.id === instanceId ? subjects.self : undefined;
    return [subjects.source, subjects.target].find((s) => s.instance.id === instanceId);
  }

  private runtimePropertiesOf(instanceId: string): Record<string, unknown> | undefined {
    return this.subjectFor(instanceId)?.runtime.properties ?? this.data.storedRuntimeProperties(instanceId);
  }

  private planNode(name: string): PlanNode | undefined {
    return this.data.task.plan.nodes.find((n) => n.name === name);
  }

  private planInstance(id: string): PlanNodeInstance | undefined {
    return this.data.task.plan.nodeInstances.find((i) => i.id === id);
  }

  node(node: PlanNode): PyObject {
    let context = this.nodeContexts.get(node.name);
    if (!context) {
      let properties: Record<string, unknown> | undefined;
      const { plan } = this.data.task;
      context = new PyObject('NodeContext', {
        id: () => node.name,
        name: () => node.name,
        properties: () => (properties ??= immutableProperties(node.properties)),
        type: () => node.type,
        type_hierarchy: () => [...node.typeHierarchy],
        number_of_instances: () => plan.nodeInstances.filter((i) => i.nodeName === node.name).length,
      });
      this.nodeContexts.set(node.name, context);
    }
    return context;
  }

  /** host_ip: the host's `ip` runtime property, else its node's `ip` property (endpoint.py). */
  private hostIp(instance: PlanNodeInstance): unknown {
    const hostId = instance.hostId;
    if (!hostId) throw nonRecoverableError('host_id missing');
    const hostInstance = this.planInstance(hostId);
    const runtimeIp = this.runtimePropertiesOf(hostId)?.ip;
    if (runtimeIp) return runtimeIp;
    const propertyIp = hostInstance && this.planNode(hostInstance.nodeName)?.properties.ip;
    if (propertyIp) return propertyIp;
    throw nonRecoverableError(`could not find ip for host node instance: ${hostId}`);
  }

  /** A related instance seen from a relationship: readable, never writable (modifiable=False). */
  private readOnlyInstance(instance: PlanNodeInstance, node: PlanNode): PyObject {
    const runtimeProperties = defineDictKind(structuredClone(this.runtimePropertiesOf(instance.id) ?? {}), {
      typeName: 'DirtyTrackingDict',
      readOnlyError: () =>
        nonRecoverableError('Cannot modify runtime properties of relationship node instances'),
      attributes: { dirty: () => false, modifiable: () => false },
    });
    return new PyObject('NodeInstanceContext', {
      id: () => instance.id,
      node: () => this.node(node),
      runtime_properties: () => runtimeProperties,
      index: () => instance.index,
    });
  }

  private relationships(instance: PlanNodeInstance, node: PlanNode): PyObject[] {
    return instance.relationships.map((relationship) => {
      const declared = node.relationships[relationship.relationship];
      const target = this.planInstance(relationship.targetId);
      const targetNode = this.planNode(relationship.targetName);
      return new PyObject('RelationshipContext', {
        type: () => relationship.type,
        type_hierarchy: () => [...(declared?.typeHierarchy ?? [relationship.type])],
        target: () =>
          new PyObject('RelationshipSubjectContext', {
            node: () => (targetNode ? this.node(targetNode) : null),
            instance: () => (target && targetNode ? this.readOnlyInstance(target, targetNode) : null),
          }),
      });
    });
  }

  instance(subject: SubjectData): PyObject {
    const { instance, node, runtime } = subject;
    return new PyObject('NodeInstanceContext', {
      id: () => instance.id,
      node: () => this.node(node),
      runtime_properties: () =>
        defineDictKind(runtime.properties, {
          typeName: 'DirtyTrackingDict',
          attributes: { dirty: () => runtime.dirty, modifiable: () => true },
        }),
      scaling_groups: () => [],
      update: () =>
        pythonMethod('NodeInstanceContext.update', [{ name: 'on_conflict', default: null }], async () => {
          await runtime.save();
          return null;
        }),
      refresh: () =>
        pythonMethod(
          'NodeInstanceContext.refresh',
          [{ name: 'force', default: false }],
          async ({ named }) => {
            if (!named.force && runtime.dirty) {
              throw nonRecoverableError(
                'runtime_properties are dirty: refreshing now would destroy local changes',
              );
            }
            await runtime.reload();
            return null;
          },
        ),
      host_ip: () => this.hostIp(instance),
      relationships: () => this.relationships(instance, node),
      index: () => instance.index,
    });
  }

  subjectContext(subject: SubjectData): PyObject {
    return new PyObject('RelationshipSubjectContext', {
      node: () => this.node(subject.node),
      instance: () => this.instance(subject),
    });
  }
}
