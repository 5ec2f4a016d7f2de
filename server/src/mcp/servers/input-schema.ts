import { ARG_TYPE_ALIASES, type Tool } from './model.ts';

export const JSON_SCHEMA_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

/**
 * The MCP `inputSchema` of a tool: a JSON Schema 2020-12 object with one property per argument
 * (its type, description, default, enum, items and properties) and the required ones listed.
 */
export function toolInputSchema(tool: Tool): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const arg of tool.args ?? []) {
    const property: Record<string, unknown> = {};
    if (arg.type !== undefined) property.type = ARG_TYPE_ALIASES[arg.type] ?? arg.type;
    if (arg.description !== undefined) property.description = arg.description;
    if (arg.default !== undefined) property.default = arg.default;
    if (arg.enum !== undefined) property.enum = arg.enum;
    if (arg.items !== undefined) property.items = arg.items;
    if (arg.properties !== undefined) property.properties = arg.properties;
    properties[arg.name] = property;
    if (arg.required === true) required.push(arg.name);
  }
  const schema: Record<string, unknown> = {
    $schema: JSON_SCHEMA_2020_12,
    type: 'object',
    properties,
  };
  if (required.length > 0) schema.required = required;
  return schema;
}

/** The tool as MCP `tools/list` shows it. */
export function toolListing(tool: Tool): Record<string, unknown> {
  const listing: Record<string, unknown> = { name: tool.name };
  if (tool.title !== undefined) listing.title = tool.title;
  if (tool.description !== undefined) listing.description = tool.description;
  listing.inputSchema = toolInputSchema(tool);
  if (tool.outputSchema !== undefined) listing.outputSchema = tool.outputSchema;
  if (tool.annotations !== undefined) listing.annotations = tool.annotations;
  return listing;
}
