import { Type, type Static } from 'typebox';
import { HTTP_METHODS } from '../../http-interfaces/interface-model.ts';

/**
 * The MCP server definition: the editable content of a server draft, shaped like a Higress
 * REST-to-MCP configuration (`server` fields at the top, then `tools` and `allowTools`) so that
 * Higress configurations import unchanged and export back in their own form. The fields Higress
 * lacks (`title`, `annotations`, `outputSchema`, a tool's `source`) are MCP tool metadata or
 * gateway bookkeeping; Higress ignores unknown fields.
 *
 * Secrets never live in a definition: where a secret is needed the definition holds a reference
 * `${secret:KEY}` (see secret-references.ts) and the value sits in the server's secret store.
 */

/** URL-safe: the name is the server's identity in paths such as `/mcp/{name}`. */
export const SERVER_NAME_PATTERN = '^[a-z0-9][a-z0-9._-]{0,99}$';
export const TOOL_NAME_PATTERN = '^[A-Za-z0-9_.-]{1,128}$';

export const ARG_POSITIONS = ['query', 'path', 'header', 'cookie', 'body'] as const;
export type ArgPosition = (typeof ARG_POSITIONS)[number];

/**
 * Argument types: the JSON Schema types, plus the spellings Higress configurations use in the
 * wild (`int` in mcp-e2bdev) which stand for the JSON Schema type they name.
 */
export const ARG_TYPE_ALIASES: Record<string, string> = {
  string: 'string',
  number: 'number',
  integer: 'integer',
  boolean: 'boolean',
  array: 'array',
  object: 'object',
  int: 'integer',
  float: 'number',
  bool: 'boolean',
};

/** Any JSON Schema object; its structure is the schema author's business. */
const SchemaObject = Type.Record(Type.String(), Type.Unknown(), {
  description: 'A JSON Schema (2020-12) object',
});

export const SecurityScheme = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,128}$' }),
    type: Type.Enum(['http', 'apiKey']),
    /** For `type: http`. */
    scheme: Type.Optional(Type.Enum(['basic', 'bearer'])),
    /** For `type: apiKey`. */
    in: Type.Optional(Type.Enum(['header', 'query'])),
    /** For `type: apiKey`: the header or query parameter name. */
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    /** A secret reference `${secret:KEY}`; a plain value given on input is moved to the store. */
    defaultCredential: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type SecurityScheme = Static<typeof SecurityScheme>;

export const ServerInfo = Type.Object(
  {
    name: Type.String({ pattern: SERVER_NAME_PATTERN, maxLength: 100 }),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.Optional(Type.String()),
    /** Values templates see as `.config`; a value may be a secret reference. */
    config: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.Unknown())),
    securitySchemes: Type.Optional(Type.Array(SecurityScheme)),
    /**
     * Which headers of the MCP client's request reach the upstream (docs/mcp-endpoint.md):
     * by default all but hop-by-hop, Host, Content-Length, Mcp-* and Authorization.
     */
    clientHeaders: Type.Optional(
      Type.Object(
        {
          /** Pass the client's Authorization header as well. */
          passAuthorization: Type.Optional(Type.Boolean()),
          /** Pass only these headers (case-insensitive). */
          allow: Type.Optional(
            Type.Array(Type.String({ pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" })),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ServerInfo = Static<typeof ServerInfo>;

export const ToolArg = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 256 }),
    description: Type.Optional(Type.String()),
    type: Type.Optional(Type.String({ minLength: 1 })),
    required: Type.Optional(Type.Boolean()),
    default: Type.Optional(Type.Unknown()),
    enum: Type.Optional(Type.Array(Type.Unknown())),
    /** The schema of each element, for `type: array`. */
    items: Type.Optional(SchemaObject),
    /** The schemas of the members, for `type: object`. */
    properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    position: Type.Optional(Type.Enum(ARG_POSITIONS)),
  },
  { additionalProperties: false },
);
export type ToolArg = Static<typeof ToolArg>;

export const RequestHeader = Type.Object(
  { key: Type.String({ minLength: 1 }), value: Type.String() },
  { additionalProperties: false },
);

export const RequestTemplate = Type.Object(
  {
    url: Type.String({ minLength: 1 }),
    method: Type.Enum(HTTP_METHODS),
    headers: Type.Optional(Type.Array(RequestHeader)),
    body: Type.Optional(Type.String()),
    argsToJsonBody: Type.Optional(Type.Boolean()),
    argsToUrlParam: Type.Optional(Type.Boolean()),
    argsToFormBody: Type.Optional(Type.Boolean()),
    /** How the gateway authenticates to the upstream: a scheme of `server.securitySchemes`. */
    security: Type.Optional(
      Type.Object(
        {
          id: Type.String({ minLength: 1 }),
          /** Overrides the scheme's default credential; a secret reference. */
          credential: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type RequestTemplate = Static<typeof RequestTemplate>;

export const ResponseTemplate = Type.Object(
  {
    body: Type.Optional(Type.String()),
    prependBody: Type.Optional(Type.String()),
    appendBody: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const ToolAnnotations = Type.Object(
  {
    readOnlyHint: Type.Optional(Type.Boolean()),
    destructiveHint: Type.Optional(Type.Boolean()),
    idempotentHint: Type.Optional(Type.Boolean()),
    openWorldHint: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const Tool = Type.Object(
  {
    name: Type.String({ pattern: TOOL_NAME_PATTERN, maxLength: 128 }),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.Optional(Type.String()),
    args: Type.Optional(Type.Array(ToolArg)),
    requestTemplate: Type.Optional(RequestTemplate),
    responseTemplate: Type.Optional(ResponseTemplate),
    /** Template for non-2xx upstream responses. */
    errorResponseTemplate: Type.Optional(Type.String()),
    outputSchema: Type.Optional(SchemaObject),
    annotations: Type.Optional(ToolAnnotations),
    /** How MCP clients authenticate to this tool; `passthrough` forwards their credential. */
    security: Type.Optional(
      Type.Object(
        { id: Type.String({ minLength: 1 }), passthrough: Type.Optional(Type.Boolean()) },
        { additionalProperties: false },
      ),
    ),
    /** The HTTP interface the tool was generated from (this gateway's id and revision). */
    source: Type.Optional(
      Type.Object(
        {
          interfaceId: Type.Integer({ minimum: 1 }),
          interfaceRevision: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Tool = Static<typeof Tool>;

/** The versioned content of a server: what revisions store, diffs compare and exports write. */
export const ServerDefinition = Type.Object(
  {
    server: ServerInfo,
    tools: Type.Optional(Type.Array(Tool)),
    /** When present, only these tools are listed and callable. */
    allowTools: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export type ServerDefinition = Static<typeof ServerDefinition>;
