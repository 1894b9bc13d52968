// Facts about Cloudify's built-in types that the subgenerators build on (reference/cloudify-api.md):
// the interfaces its workflows run, their operations, and the usual base types.

export const LIFECYCLE_INTERFACE = 'cloudify.interfaces.lifecycle';
/** The operations of cloudify.interfaces.lifecycle (cloudify.nodes.Root); workflows run no others. */
export const LIFECYCLE_OPERATIONS = [
  'precreate',
  'create',
  'configure',
  'start',
  'poststart',
  'prestop',
  'stop',
  'delete',
  'postdelete',
  'preupdate',
  'update',
  'postupdate',
  'update_config',
  'update_apply',
  'update_postapply',
  'preheal',
  'heal',
  'postheal',
  'pull',
  'check_drift',
] as const;

export const RELATIONSHIP_INTERFACE = 'cloudify.interfaces.relationship_lifecycle';
/** The operations of relationship_lifecycle (cloudify.relationships.depends_on), on either end. */
export const RELATIONSHIP_OPERATIONS = [
  'preconfigure',
  'postconfigure',
  'establish',
  'unlink',
  'update',
  'check_drift',
] as const;

export const DEFAULT_NODE_BASE = 'cloudify.nodes.Root';
export const DEFAULT_RELATIONSHIP_BASE = 'cloudify.relationships.connected_to';

/** The DSL's property types; a property may also name a data type. */
export const PROPERTY_TYPES = ['string', 'integer', 'float', 'boolean', 'list', 'dict', 'regex', 'textarea'];
