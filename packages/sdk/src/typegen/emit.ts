// The generated file's text. Written so that prettier (default options, single quotes, any print
// width from 80) leaves it as it is: objects always broken over lines, keys quoted only when they
// must be, JSDoc comments in prettier's layout. Type aliases rather than interfaces, because an
// alias is assignable to Record<string, unknown>, the constraint of operation<P, R, I>().
import type { Field, MapMember, ObjectTypeDeclaration, TypesModel } from './model.js';

export interface EmitOptions {
  /** plugin.yaml as the header names it (a path relative to the generated file). */
  source: string;
  /** The command that regenerates the file, for the header. */
  command: string;
}

const EMPTY = 'Record<never, never>';

export function emitTypes(model: TypesModel, options: EmitOptions): string {
  const parts = [
    [
      `// Generated from ${options.source} by \`cloudify-plugin types\`: do not edit.`,
      `// To change these types, change ${options.source} and run \`${options.command}\` (\`npm run build\` does).`,
      `// \`cloudify-plugin types --check\` fails while this file is out of date.`,
    ].join('\n'),
    ...model.declarations.map(declaration),
    typeMap(
      'NodeTypes',
      ['Node types declared in plugin.yaml: their properties and the inputs of their operations.'],
      model.nodeTypes,
    ),
    typeMap(
      'RelationshipTypes',
      ['Relationship types declared in plugin.yaml: their properties and the inputs of their operations.'],
      model.relationshipTypes,
    ),
  ];
  return `${parts.join('\n\n')}\n`;
}

function declaration(decl: ObjectTypeDeclaration): string {
  const body = decl.fields.length === 0 ? `${EMPTY};` : `{\n${decl.fields.map(fieldLines).join('\n')}\n};`;
  return `${jsDoc(decl.doc, '')}export type ${decl.name} = ${body}`;
}

function fieldLines(field: Field): string {
  const indent = '  ';
  return `${jsDoc(field.doc, indent)}${indent}readonly ${propertyKey(field.name)}${field.optional ? '?' : ''}: ${field.type};`;
}

function typeMap(name: string, doc: string[], members: MapMember[]): string {
  return `${jsDoc(doc, '')}export type ${name} = ${objectOf(members, '')};`;
}

function objectOf(members: MapMember[], indent: string): string {
  if (members.length === 0) return EMPTY;
  const inner = `${indent}  `;
  const lines = members.map(
    (member) =>
      `${inner}${propertyKey(member.key)}: ${'type' in member ? member.type : objectOf(member.members, inner)};`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** `/** one line *\/`, or prettier's multi-line layout; nothing for no lines. */
function jsDoc(lines: string[], indent: string): string {
  if (lines.length === 0) return '';
  const safe = lines.map((line) => line.replaceAll('*/', '*\\/').trimEnd());
  if (safe.length === 1) return `${indent}/** ${safe[0]} */\n`;
  const body = safe.map((line) => (line === '' ? `${indent} *` : `${indent} * ${line}`)).join('\n');
  return `${indent}/**\n${body}\n${indent} */\n`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property name, quoted only when it is not an identifier, with prettier's choice of quotes. */
export function propertyKey(name: string): string {
  if (IDENTIFIER.test(name)) return name;
  const singles = name.split("'").length - 1;
  const doubles = name.split('"').length - 1;
  const quote = singles > doubles ? '"' : "'";
  const escaped = name.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}
