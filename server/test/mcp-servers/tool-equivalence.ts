/**
 * Semantic equivalence of tools as test/fixtures/corpus/README.md defines it for the
 * openapi-to-mcpserver corpus: the same tool names, argument names, types, positions, required
 * flags, enums and items, the same method and URL, the same security. Descriptions and template
 * text are left out of the comparison.
 */

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parts of a schema the comparison looks at: type, enum, required, items, properties. */
export function schemaShape(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const shape: JsonObject = {};
  if (schema.type !== undefined) shape.type = schema.type;
  if (schema.enum !== undefined) shape.enum = schema.enum;
  if (Array.isArray(schema.required) && schema.required.length > 0) {
    shape.required = [...(schema.required as string[])].sort();
  }
  if (schema.items !== undefined) shape.items = schemaShape(schema.items);
  if (isObject(schema.properties)) {
    shape.properties = Object.fromEntries(
      Object.keys(schema.properties)
        .sort()
        .map((name) => [name, schemaShape((schema.properties as JsonObject)[name])]),
    );
  }
  return shape;
}

export function toolShape(tool: JsonObject, securitySchemes: JsonObject[] | undefined): JsonObject {
  const args = ((tool.args as JsonObject[] | undefined) ?? [])
    .map((arg) => ({
      name: arg.name,
      type: arg.type,
      position: arg.position,
      required: arg.required === true,
      enum: arg.enum,
      items: schemaShape(arg.items),
      properties: isObject(arg.properties)
        ? schemaShape({ properties: arg.properties })
        : undefined,
    }))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)));
  const request = (tool.requestTemplate ?? {}) as JsonObject;
  const securityId = (request.security as JsonObject | undefined)?.id;
  const scheme = securitySchemes?.find((s) => s.id === securityId);
  return {
    args,
    method: request.method,
    url: request.url,
    security:
      securityId === undefined
        ? undefined
        : {
            id: securityId,
            type: scheme?.type,
            scheme: scheme?.scheme,
            in: scheme?.in,
            name: scheme?.name,
          },
  };
}
