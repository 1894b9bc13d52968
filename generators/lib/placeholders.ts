// Placeholders in templates/plugin: `${name}` where an answer goes, in YAML, Markdown and license
// files. TypeScript files, where `${…}` is code, write a placeholder `__name__` instead (e.g.
// `NodeTypes['__nodeType__']`), so that the template stays valid TypeScript; other files are
// copied as they are.
// Values we control (names checked against a safe character set, numbers, commands) go in as they
// are; free text from the user is encoded for the file, in the very form the plugin's prettier
// prints it (the rendered plugin is not formatted afterwards): a quoted scalar in YAML (on one
// line, so it also stays inside a comment), escaped text in Markdown.

export type Placeholder = { kind: 'verbatim' | 'text'; value: string };
export type Placeholders = Readonly<Record<string, Placeholder>>;

export type FileKind = 'yaml' | 'markdown' | 'plain' | 'typescript';

/** The plugin's prettier options that decide how text is encoded. */
export interface TextStyle {
  /** prettier's singleQuote: YAML strings that need no escapes are single-quoted. */
  singleQuote: boolean;
}

export function fileKind(path: string): FileKind | undefined {
  if (/\.ya?ml$/.test(path)) return 'yaml';
  if (/\.[cm]?ts$/.test(path)) return 'typescript';
  if (/\.md$/.test(path)) return 'markdown';
  if (/(^|\/)LICENSE(\.[^/]+)?$/.test(path)) return 'plain';
  return undefined;
}

const VERBATIM_SAFE = /^[\w .@/:=+()-]*$/;

export function verbatim(value: string | number): Placeholder {
  const text = String(value);
  if (!VERBATIM_SAFE.test(text)) throw new Error(`Unsafe verbatim placeholder value ${JSON.stringify(text)}`);
  return { kind: 'verbatim', value: text };
}

export function text(value: string): Placeholder {
  return { kind: 'text', value };
}

/**
 * Text that reads the same once rendered as Markdown: nothing in it becomes markup. Blanks are
 * single spaces and each line is trimmed, as prettier prints a paragraph.
 */
export function escapeMarkdown(value: string): string {
  return value
    .split(/\r\n|\r|\n/)
    .map((line) =>
      line
        .replace(/[ \t]+/g, ' ')
        .trim()
        .replace(/[\\`*_[\]<>#|~&!]/g, '\\$&')
        .replace(/^([-+=])/, '\\$1')
        .replace(/^(\d+)([.)])/, '$1\\$2'),
    )
    .join('\n')
    .replace(/^\n+|\n+$/g, '')
    .replace(/\n{3,}/g, '\n\n');
}

/**
 * Characters a YAML scalar cannot carry as they are: control characters, the line and paragraph
 * separators (line breaks to YAML 1.1, which Cloudify's parser reads), the byte order mark,
 * non-characters and lone surrogates.
 */
const NEEDS_ESCAPE = /[\\\p{Cc}\u2028\u2029\ufeff\ufffe\uffff]|\p{Cs}/u;
const JSON_LEAVES_RAW = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

/**
 * A YAML quoted scalar on one line, quoted the way prettier prints it: double quotes with escapes
 * where an escape is needed; otherwise single quotes around a `"`, double quotes around a `'`,
 * and the preferred quote (prettier's singleQuote) when the text has neither.
 */
export function yamlString(value: string, { singleQuote }: TextStyle): string {
  if (NEEDS_ESCAPE.test(value)) {
    // A JSON string is a YAML double-quoted scalar; JSON leaves a few characters raw that YAML escapes.
    const escape = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
    return JSON.stringify(value).replace(JSON_LEAVES_RAW, escape);
  }
  if (value.includes('"')) return `'${value.replace(/'/g, "''")}'`;
  if (value.includes("'")) return `"${value}"`;
  return singleQuote ? `'${value}'` : `"${value}"`;
}

function encode(placeholder: Placeholder, kind: FileKind, style: TextStyle): string {
  if (placeholder.kind === 'verbatim' || kind === 'plain') return placeholder.value;
  if (kind === 'markdown') return escapeMarkdown(placeholder.value);
  if (kind === 'yaml') return yamlString(placeholder.value, style);
  // A JSON string is a valid TypeScript string literal.
  return JSON.stringify(placeholder.value);
}

const PATTERNS: Record<FileKind, RegExp> = {
  yaml: /\$\{(\w+)\}/g,
  markdown: /\$\{(\w+)\}/g,
  plain: /\$\{(\w+)\}/g,
  typescript: /__([A-Za-z][A-Za-z0-9]*)__/g,
};

/** Replaces every known placeholder; unknown ones (e.g. a shell variable, `__dirname`) are left alone. */
export function fillPlaceholders(
  content: string,
  kind: FileKind,
  values: Placeholders,
  style: TextStyle = { singleQuote: false },
): string {
  return content.replace(PATTERNS[kind], (whole, key: string) => {
    const placeholder = Object.hasOwn(values, key) ? values[key] : undefined;
    return placeholder === undefined ? whole : encode(placeholder, kind, style);
  });
}
