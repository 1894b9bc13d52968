// Node instances: each node gets its `deployInstances` per instance of the node it is contained in
// (per deployment when it is contained in none); relationship instances connect a source instance
// to its container instance (contained_in), to every target instance (all_to_all) or to the target
// instance with the smallest id (all_to_one). Ids are `<node>_<6 chars of [a-z0-9]>`.
import { randomBytes } from 'node:crypto';
import { CONTAINED_IN } from './builtin-types.js';
import type { PlanNode, PlanNodeInstance } from './plan.js';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Random bytes drawn in bulk: one call per several hundred ids instead of six calls per id. */
let pool = Buffer.alloc(0);
let used = 0;

function randomByte(): number {
  if (used === pool.length) {
    pool = randomBytes(4096);
    used = 0;
  }
  return pool[used++]!;
}

export function randomInstanceSuffix(): string {
  let id = '';
  while (id.length < 6) {
    const byte = randomByte();
    // 252 = 7 × 36: bytes above would favour the first letters.
    if (byte < 252) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  }
  return id;
}

/** `nodes` in declaration order; returns instances grouped by node, in that order. */
export function createInstances(
  nodes: PlanNode[],
  nextSuffix: () => string = randomInstanceSuffix,
): PlanNodeInstance[] {
  const used = new Set<string>();
  const newId = (node: string): string => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const id = `${node}_${nextSuffix()}`;
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
    throw new Error(`The id generator keeps returning ids already in use for node '${node}'`);
  };
  const byNode = new Map<string, PlanNodeInstance[]>();
  for (const node of containersFirst(nodes)) {
    const containers: (PlanNodeInstance | undefined)[] =
      node.containedIn === undefined ? [undefined] : (byNode.get(node.containedIn) ?? []);
    const instances: PlanNodeInstance[] = [];
    for (const container of containers) {
      for (let i = 0; i < node.deployInstances; i++) {
        const id = newId(node.name);
        const instance: PlanNodeInstance = {
          id,
          nodeName: node.name,
          index: instances.length,
          relationships: [],
        };
        if (container) instance.containedInId = container.id;
        const hostId = node.host === node.name ? id : container?.hostId;
        if (node.host !== undefined && hostId !== undefined) instance.hostId = hostId;
        instances.push(instance);
      }
    }
    byNode.set(node.name, instances);
  }
  const byId = new Map([...byNode.values()].flat().map((instance) => [instance.id, instance]));
  for (const node of nodes) connect(node, byNode, byId);
  return nodes.flatMap((node) => byNode.get(node.name) ?? []);
}

function connect(
  node: PlanNode,
  byNode: Map<string, PlanNodeInstance[]>,
  byId: Map<string, PlanNodeInstance>,
): void {
  const sources = byNode.get(node.name) ?? [];
  node.relationships.forEach((rel, index) => {
    const targets = byNode.get(rel.target) ?? [];
    const containment = rel.typeHierarchy.includes(CONTAINED_IN);
    const allToOne = rel.properties.connection_type === 'all_to_one';
    const first = allToOne
      ? targets.reduce<PlanNodeInstance | undefined>((min, t) => (!min || t.id < min.id ? t : min), undefined)
      : undefined;
    for (const source of sources) {
      const container =
        containment && source.containedInId !== undefined ? byId.get(source.containedInId) : undefined;
      const chosen = containment ? (container ? [container] : []) : first ? [first] : targets;
      for (const target of chosen) {
        source.relationships.push({
          relationship: index,
          type: rel.type,
          targetName: rel.target,
          targetId: target.id,
        });
      }
    }
  });
}

/** Orders nodes so that every node comes after the node it is contained in. */
function containersFirst(nodes: PlanNode[]): PlanNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const ordered: PlanNode[] = [];
  const placed = new Set<string>();
  for (const start of nodes) {
    const chain: PlanNode[] = [];
    for (let n: PlanNode | undefined = start; n && !placed.has(n.name) && !chain.includes(n);) {
      chain.push(n);
      n = n.containedIn === undefined ? undefined : byName.get(n.containedIn);
    }
    for (const n of chain.reverse()) {
      placed.add(n.name);
      ordered.push(n);
    }
  }
  return ordered;
}
