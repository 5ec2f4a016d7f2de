/**
 * Interfaces keep their schemas' `$ref`s into their own `components.schemas`; tools need
 * self-contained schemas (an MCP client sees only the tool). Inlining replaces every reference
 * by the schema it names; a reference back into a schema being inlined (a recursive type) is cut
 * to `{type: object}` so that the result stays finite.
 */

type JsonObject = Record<string, unknown>;

const SCHEMA_REF_PREFIX = '#/components/schemas/';

/** Keys whose values are data, not schemas, and are copied as they are. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'const', 'enum']);

/** Keys whose values map names to schemas. */
const SCHEMA_MAP_KEYS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);

/** Keys that are not JSON Schema and mean nothing to an MCP client. */
const DROPPED_KEYS = new Set(['example', 'examples', 'xml', 'externalDocs', 'refType', '$comment']);

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeRefName(ref: string): string | undefined {
  if (!ref.startsWith(SCHEMA_REF_PREFIX)) return undefined;
  return ref.slice(SCHEMA_REF_PREFIX.length).replace(/~1/g, '/').replace(/~0/g, '~');
}

export function inlineSchema(
  schema: unknown,
  components: Record<string, unknown> | undefined,
  inProgress: ReadonlySet<string> = new Set(),
): unknown {
  if (Array.isArray(schema))
    return schema.map((item) => inlineSchema(item, components, inProgress));
  if (!isObject(schema)) return schema;
  const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
  if (ref !== undefined) {
    const name = decodeRefName(ref);
    const target = name !== undefined ? components?.[name] : undefined;
    const { $ref: _ref, ...siblings } = schema;
    if (name === undefined || target === undefined || inProgress.has(name)) {
      // Unresolvable or recursive: keep what the siblings say, as an object of unknown shape.
      const cut: JsonObject = { type: 'object' };
      const description = isObject(target) ? target.description : undefined;
      if (typeof description === 'string') cut.description = description;
      return { ...cut, ...(inlineSchema(siblings, components, inProgress) as JsonObject) };
    }
    const resolved = inlineSchema(target, components, new Set([...inProgress, name]));
    // Siblings of $ref (OpenAPI 3.1 allows them, e.g. a description) override the target.
    return {
      ...(isObject(resolved) ? resolved : {}),
      ...(inlineSchema(siblings, components, inProgress) as JsonObject),
    };
  }
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED_KEYS.has(key)) continue;
    if (SCHEMA_MAP_KEYS.has(key) && isObject(value)) {
      // Member names here are the API's own (a property may well be called "example").
      result[key] = Object.fromEntries(
        Object.entries(value).map(([name, member]) => [
          name,
          inlineSchema(member, components, inProgress),
        ]),
      );
    } else {
      result[key] = DATA_KEYS.has(key) ? value : inlineSchema(value, components, inProgress);
    }
  }
  return result;
}

/** The one JSON type a schema's `type` names: the first that is not `null` when it lists several. */
export function primaryType(schema: unknown): string | undefined {
  if (!isObject(schema)) return undefined;
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') as string | undefined;
  if (isObject(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}
