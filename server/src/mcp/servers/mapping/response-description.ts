import { isObject, primaryType } from './schema-inlining.ts';

/**
 * The text put before an upstream response (`responseTemplate.prependBody`) so that a model
 * reading the raw response knows what its fields mean: one line per field, nested fields under
 * their parent with a dotted path (`[]` for array elements).
 */

const MAX_DEPTH = 8;

function typeLabel(schema: Record<string, unknown>): string {
  const type = primaryType(schema) ?? 'any';
  if (type !== 'array') return type;
  const itemType = isObject(schema.items) ? primaryType(schema.items) : undefined;
  return itemType ? `array of ${itemType}` : 'array';
}

function describeFields(schema: unknown, prefix: string, depth: number, lines: string[]): void {
  if (!isObject(schema) || depth > MAX_DEPTH) return;
  const indent = '  '.repeat(depth);
  if (primaryType(schema) === 'array') {
    const items = schema.items;
    if (isObject(items) && primaryType(items) === 'object') {
      describeFields(items, `${prefix}[]`, depth, lines);
    }
    return;
  }
  if (!isObject(schema.properties)) return;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  for (const name of Object.keys(schema.properties).sort()) {
    const field = schema.properties[name];
    if (!isObject(field)) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const description = typeof field.description === 'string' ? `: ${field.description}` : '';
    const flag = required.has(name) ? ', required' : '';
    lines.push(`${indent}- \`${path}\` (${typeLabel(field)}${flag})${description}`);
    describeFields(field, path, depth + 1, lines);
  }
}

/**
 * Markdown describing the response's fields, ending with a heading under which the response
 * itself follows; undefined when the schema describes no fields.
 */
export function responseDescription(schema: unknown, contentType: string): string | undefined {
  const lines: string[] = [];
  describeFields(schema, '', 0, lines);
  if (lines.length === 0) return undefined;
  return [
    '# About this response',
    '',
    `The API answered with \`${contentType}\`. Its fields:`,
    '',
    ...lines,
    '',
    '# Response',
    '',
    '',
  ].join('\n');
}
