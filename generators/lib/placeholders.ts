// Placeholders in templates/plugin: `${name}` where an answer goes, in YAML, Markdown and license
// files. TypeScript files, where `${…}` is code, write a placeholder `__name__` instead (e.g.
// `NodeTypes['__nodeType__']`), so that the template stays valid TypeScript; other files are
// copied as they are.
// Values we control (names checked against a safe character set, numbers, commands) go in as they
// are; free text from the user is encoded for the file: a JSON string in YAML (a valid YAML
// double-quoted scalar, even inside a comment it stays on one line), escaped text in Markdown.

export type Placeholder = { kind: 'verbatim' | 'text'; value: string };
export type Placeholders = Readonly<Record<string, Placeholder>>;

export type FileKind = 'yaml' | 'markdown' | 'plain' | 'typescript';

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

/** Text that reads the same once rendered as Markdown: nothing in it becomes markup. */
export function escapeMarkdown(value: string): string {
  return value
    .split(/\r\n|\r|\n/)
    .map((line) =>
      line
        .trim()
        .replace(/[\\`*_[\]<>#|~&!]/g, '\\$&')
        .replace(/^([-+=])/, '\\$1')
        .replace(/^(\d+)([.)])/, '$1\\$2'),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

function encode(placeholder: Placeholder, kind: FileKind): string {
  if (placeholder.kind === 'verbatim' || kind === 'plain') return placeholder.value;
  if (kind === 'markdown') return escapeMarkdown(placeholder.value);
  // A JSON string is a valid YAML double-quoted scalar and a valid TypeScript string literal.
  return JSON.stringify(placeholder.value);
}

const PATTERNS: Record<FileKind, RegExp> = {
  yaml: /\$\{(\w+)\}/g,
  markdown: /\$\{(\w+)\}/g,
  plain: /\$\{(\w+)\}/g,
  typescript: /__([A-Za-z][A-Za-z0-9]*)__/g,
};

/** Replaces every known placeholder; unknown ones (e.g. a shell variable, `__dirname`) are left alone. */
export function fillPlaceholders(content: string, kind: FileKind, values: Placeholders): string {
  return content.replace(PATTERNS[kind], (whole, key: string) => {
    const placeholder = Object.hasOwn(values, key) ? values[key] : undefined;
    return placeholder === undefined ? whole : encode(placeholder, kind);
  });
}
