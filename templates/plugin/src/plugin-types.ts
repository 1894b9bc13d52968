// Generated from ../plugin.yaml by `cloudify-plugin types`: do not edit.
// To change these types, change ../plugin.yaml and run `cloudify-plugin types` (`npm run build` does).
// `cloudify-plugin types --check` fails while this file is out of date.

/** `ctx.node.properties` of node type `__nodeType__` (derived from `cloudify.nodes.WebServer`). */
export type __nodeTypeName__Properties = {
  /**
   * Use an existing resource (identified by resource_id) instead of creating one.
   * @default false
   */
  readonly use_external_resource: boolean;
  /** @default "" */
  readonly resource_id: string;
  /**
   * TCP port the static web server listens on.
   * @default __port__
   */
  readonly port: number;
};

/** Inputs of operation `cloudify.interfaces.lifecycle.start` of node type `__nodeType__`. */
export type __nodeTypeName__StartInputs = Record<never, never>;

/** Inputs of operation `cloudify.interfaces.lifecycle.stop` of node type `__nodeType__`. */
export type __nodeTypeName__StopInputs = Record<never, never>;

/** Node types declared in plugin.yaml: their properties and the inputs of their operations. */
export type NodeTypes = {
  '__nodeType__': {
    properties: __nodeTypeName__Properties;
    inputs: {
      start: __nodeTypeName__StartInputs;
      stop: __nodeTypeName__StopInputs;
    };
  };
};

/** Relationship types declared in plugin.yaml: their properties and the inputs of their operations. */
export type RelationshipTypes = Record<never, never>;
