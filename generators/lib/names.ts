// How names move between plugin.yaml, TypeScript and file names: PascalCase type names the way
// `cloudify-plugin types` derives them, camelCase exports, kebab-case files, snake_case DSL names.

/** Type names the generated plugin-types.ts takes from the global scope (the SDK's typegen avoids them). */
const RESERVED_TYPE_NAMES = new Set(['Record', 'NodeTypes', 'RelationshipTypes']);

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '');
}

/** `update_config` → `UpdateConfig`, `WebServer` → `WebServer`: each part's first letter upper-cased. */
export function pascalCase(text: string): string {
  const joined = text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  if (joined === '') return '_';
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/**
 * The base of the names `cloudify-plugin types` gives a node type declared alone in plugin.yaml
 * (`my_plugin.nodes.WebServer` → `WebServer`, for `WebServerProperties`): the PascalCase of its
 * last segment, or of as many trailing segments as it takes to avoid a reserved name.
 */
export function pluginTypeName(dslName: string): string {
  const segments = dslName.split('.');
  for (let used = 1; used <= segments.length; used += 1) {
    const name = pascalCase(segments.slice(-used).join('_'));
    if (!RESERVED_TYPE_NAMES.has(name)) return name;
  }
  return `${pascalCase(dslName)}2`;
}

/** `check_drift` → `checkDrift`, `ConnectedTo` → `connectedTo`. */
export function camelCaseName(text: string): string {
  const [first = '', ...rest] = words(text);
  return [first.toLowerCase(), ...rest.map((word) => word.charAt(0).toUpperCase() + word.slice(1))].join('');
}

/** `checkDrift` → `check-drift`: the file an export lives in. */
export function kebabCase(text: string): string {
  return words(text)
    .map((word) => word.toLowerCase())
    .join('-');
}

/** `checkDrift` → `check_drift`, `Database` → `database`: DSL operation and node template names. */
export function snakeCase(text: string): string {
  return words(text)
    .map((word) => word.toLowerCase())
    .join('_');
}

/** Words a module cannot bind a name to (reserved words, and globals it must not shadow). */
const UNBINDABLE = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false ' +
    'finally for function if import in instanceof new null return super switch this throw true try ' +
    'typeof var void while with implements interface let package private protected public static ' +
    'yield await arguments eval undefined NaN Infinity'
  ).split(' '),
);

/**
 * Why `name` cannot be the name a module exports an operation under, or undefined when it can. Any
 * identifier name can be exported, reserved words too (`export { deleteOperation as delete }`), but
 * `default` is the module's default export. (No `$`: the name is also a file name and a YAML value.)
 */
export function exportNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    return 'use letters, digits and _, not starting with a digit (a JavaScript identifier, e.g. configure or checkDrift)';
  }
  if (name === 'default') return "it would be the module's default export";
  return undefined;
}

/** The local name of an exported function: the export name, unless JavaScript reserves it (`delete` → `deleteOperation`). */
export function bindingName(exportName: string): string {
  return UNBINDABLE.has(exportName) ? `${exportName}Operation` : exportName;
}
