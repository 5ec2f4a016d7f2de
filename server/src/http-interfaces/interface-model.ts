import { Type, type Static } from 'typebox';

/**
 * The HTTP interface definition: an OpenAPI operation object plus `name`, `method`, `path`
 * and `upstream`. Schemas are JSON Schema (OpenAPI 3.1 dialect); a schema may `$ref` into
 * `components.schemas`, which the interface carries itself so that it stays self-contained.
 */

export const HTTP_METHODS = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'TRACE',
] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Any JSON Schema (boolean or object); validated structurally by the service, not by Ajv here. */
export const JsonSchema = Type.Unknown({
  description: 'A JSON Schema (2020-12 / OpenAPI 3.1 dialect)',
});

export const Example = Type.Unknown();

export const MediaTypeObject = Type.Object(
  {
    schema: Type.Optional(JsonSchema),
    example: Type.Optional(Example),
    examples: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: true },
);

export const PARAMETER_LOCATIONS = ['path', 'query', 'header', 'cookie'] as const;
export type ParameterLocation = (typeof PARAMETER_LOCATIONS)[number];

export const ParameterObject = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 256 }),
    // An enum rather than a union of literals: a bad value then yields one error listing the choices.
    in: Type.Enum(PARAMETER_LOCATIONS),
    required: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.String()),
    deprecated: Type.Optional(Type.Boolean()),
    schema: Type.Optional(JsonSchema),
    example: Type.Optional(Example),
    examples: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    style: Type.Optional(Type.String()),
    explode: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
export type ParameterObject = Static<typeof ParameterObject>;

export const RequestBodyObject = Type.Object(
  {
    description: Type.Optional(Type.String()),
    required: Type.Optional(Type.Boolean()),
    content: Type.Record(Type.String(), MediaTypeObject),
  },
  { additionalProperties: true },
);

export const ResponseObject = Type.Object(
  {
    description: Type.String(),
    headers: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    content: Type.Optional(Type.Record(Type.String(), MediaTypeObject)),
  },
  { additionalProperties: true },
);

/**
 * Where calls go: exactly one of `url` (an http(s) base URL) or `pool` (a named upstream pool of
 * the route module). One object with one-of-two properties rather than a union, so that a bad
 * value gets one precise error instead of one per union branch.
 */
export const Upstream = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
    pool: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
    description: 'Exactly one of `url` or `pool`',
  },
);
/** The schema allows exactly one of the two properties, which this type says precisely. */
export type Upstream = { url: string } | { pool: string };

/** The editable content of an interface: what revisions version and diffs compare. */
export const InterfaceDefinition = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    method: Type.Enum(HTTP_METHODS),
    path: Type.String({ minLength: 1, maxLength: 2048, pattern: '^/' }),
    upstream: Type.Optional(Upstream),
    summary: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    operationId: Type.Optional(Type.String({ minLength: 1 })),
    parameters: Type.Optional(Type.Array(ParameterObject)),
    requestBody: Type.Optional(RequestBodyObject),
    responses: Type.Optional(Type.Record(Type.String(), ResponseObject)),
    deprecated: Type.Optional(Type.Boolean()),
    /** Security requirements (OpenAPI security requirement objects). */
    security: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Array(Type.String())))),
    /** The security schemes the requirements name, carried with the interface. */
    securitySchemes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    /** Components the schemas `$ref` (e.g. `#/components/schemas/Pet`), carried with the interface. */
    components: Type.Optional(
      Type.Object(
        { schemas: Type.Optional(Type.Record(Type.String(), JsonSchema)) },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: false },
);
export type InterfaceDefinition = Omit<Static<typeof InterfaceDefinition>, 'upstream'> & {
  upstream?: Upstream;
};
