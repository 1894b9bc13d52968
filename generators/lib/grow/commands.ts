// The subgenerators' command lines: `yo cloudify-plugin:<command>` and `create-cloudify-plugin
// <command>`. One description per option, naming its default; --help of both front doors shows them.
import {
  DEFAULT_NODE_BASE,
  DEFAULT_RELATIONSHIP_BASE,
  LIFECYCLE_INTERFACE,
  PROPERTY_TYPES,
  RELATIONSHIP_OPERATIONS,
} from './cloudify-types.js';

export interface SubOption {
  /** list: repeatable (`--property a --property b`). */
  type: 'string' | 'list' | 'boolean';
  /** Shown by --help; it names the default. */
  description: string;
}

export interface SubcommandSpec {
  /** As in `yo cloudify-plugin:<command>`. */
  command: SubcommandName;
  summary: string;
  argument: { name: string; description: string; example: string };
  options: Readonly<Record<string, SubOption>>;
}

export const SUBCOMMAND_NAMES = ['operation', 'node-type', 'relationship'] as const;
export type SubcommandName = (typeof SUBCOMMAND_NAMES)[number];

export function isSubcommand(word: string | undefined): word is SubcommandName {
  return (SUBCOMMAND_NAMES as readonly (string | undefined)[]).includes(word);
}

export const DRY_RUN_OPTION: SubOption = {
  type: 'boolean',
  description: 'Show what would be added, file by file, and check it; write nothing (default: off)',
};

const relationshipOperations = RELATIONSHIP_OPERATIONS.join(', ');

export const SUBCOMMANDS: Readonly<Record<SubcommandName, SubcommandSpec>> = {
  operation: {
    command: 'operation',
    summary:
      'Adds an operation to a generated plugin: its code in src/operations/, its mapping in plugin.yaml ' +
      'and a unit test.',
    argument: {
      name: 'name',
      description:
        'the operation name: the exported function, and the name plugin.yaml runs it by (a JavaScript ' +
        'identifier, e.g. configure or checkDrift)',
      example: 'configure',
    },
    options: {
      'node-type': {
        type: 'string',
        description:
          "Node type in plugin.yaml that gets the operation, by full name or its last part (default: the plugin's " +
          'node type, from .yo-rc.json)',
      },
      interface: {
        type: 'string',
        description: `Interface the operation is mapped under (default: ${LIFECYCLE_INTERFACE})`,
      },
      'lifecycle-step': {
        type: 'string',
        description:
          "The operation's name in that interface, e.g. create, configure, delete (default: the name in " +
          'snake_case, checkDrift -> check_drift)',
      },
    },
  },
  'node-type': {
    command: 'node-type',
    summary:
      'Adds a node type to plugin.yaml, with its properties, and a node template of it to the test blueprint.',
    argument: {
      name: 'name',
      description:
        "the node type's name: a bare name goes into the plugin's namespace (Database -> " +
        '<namespace>.nodes.Database), a dotted one is taken as it is',
      example: 'Database --property port:integer=5432',
    },
    options: {
      'derived-from': {
        type: 'string',
        description: `The type it derives from (default: ${DEFAULT_NODE_BASE})`,
      },
      property: {
        type: 'list',
        description:
          `A property as name:type[=default], e.g. port:integer=5432; repeat it for more. Types: ${PROPERTY_TYPES.join(', ')}, ` +
          'or a data type (default: no properties)',
      },
      required: {
        type: 'list',
        description:
          'A property that node templates must set (required: true in plugin.yaml); repeat it for more ' +
          '(default: none; a property without a default is then optional)',
      },
    },
  },
  relationship: {
    command: 'relationship',
    summary:
      'Adds a relationship type to plugin.yaml, with operations on its source and target ends (code, ' +
      'mapping and unit test each).',
    argument: {
      name: 'name',
      description:
        "the relationship type's name: a bare name goes into the plugin's namespace (ConnectedTo -> " +
        '<namespace>.relationships.ConnectedTo), a dotted one is taken as it is',
      example: 'ConnectedToDatabase --source-operation establish',
    },
    options: {
      'derived-from': {
        type: 'string',
        description: `The relationship type it derives from (default: ${DEFAULT_RELATIONSHIP_BASE})`,
      },
      'source-operation': {
        type: 'list',
        description: `An operation run on the source end: ${relationshipOperations}; repeat it for more (default: none)`,
      },
      'target-operation': {
        type: 'list',
        description: `An operation run on the target end: ${relationshipOperations}; repeat it for more (default: none)`,
      },
    },
  },
};

/** The options of a subcommand, --dry-run first: what both front doors declare. */
export function subcommandOptions(command: SubcommandName): [string, SubOption][] {
  return [['dry-run', DRY_RUN_OPTION], ...Object.entries(SUBCOMMANDS[command].options)];
}
