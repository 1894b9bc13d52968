// Blueprints of any size for the engine benchmark: half hosts, half applications contained in
// them and connected in a chain, with inputs, a blueprint-defined node type with operations and
// get_property inputs, and an output, so every stage of the engine has work to do.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const HEADER = `tosca_definitions_version: cloudify_dsl_1_4
description: Generated for the blueprint engine benchmark.
imports:
  - http://cloudify.co/spec/cloudify/6.4.0/types.yaml
inputs:
  port:
    type: integer
    default: 8080
    constraints:
      - in_range: [1, 65535]
  image:
    type: string
    default: ubuntu-22.04
node_types:
  bench.nodes.App:
    derived_from: cloudify.nodes.ApplicationServer
    properties:
      port:
        type: integer
      name:
        type: string
        default: app
    interfaces:
      cloudify.interfaces.lifecycle:
        create: scripts/create.sh
        start:
          implementation: scripts/start.sh
          inputs:
            port:
              default: { get_property: [SELF, port] }
node_templates:
`;

function nodeTemplates(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i += 2) {
    const host = `host${i / 2}`;
    parts.push(
      `  ${host}:
    type: cloudify.nodes.Compute
    properties:
      ip: 10.0.${(i >> 9) & 255}.${(i >> 1) & 255}
      agent_config: { install_method: none }
`,
    );
    if (i + 1 >= count) break;
    const app = `app${i / 2}`;
    const previous =
      i > 0 ? `\n      - { type: cloudify.relationships.connected_to, target: app${i / 2 - 1} }` : '';
    parts.push(
      `  ${app}:
    type: bench.nodes.App
    properties:
      port: { get_input: port }
      name: ${app}
    relationships:
      - { type: cloudify.relationships.contained_in, target: ${host} }${previous}
`,
    );
  }
  return parts.join('');
}

/** Writes `<dir>/blueprint.yaml` with `count` node templates (and its scripts); returns its path. */
export async function writeBlueprint(dir: string, count: number): Promise<string> {
  await mkdir(join(dir, 'scripts'), { recursive: true });
  await writeFile(join(dir, 'scripts', 'create.sh'), '#!/bin/sh\n');
  await writeFile(join(dir, 'scripts', 'start.sh'), '#!/bin/sh\n');
  const outputs = `outputs:\n  first_port:\n    value: { get_property: [app0, port] }\n`;
  const file = join(dir, 'blueprint.yaml');
  await writeFile(file, HEADER + nodeTemplates(count) + outputs);
  return file;
}
