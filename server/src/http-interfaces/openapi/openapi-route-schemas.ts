import { Type } from 'typebox';
import { Upstream } from '../interface-model.ts';
import { ErrorResponse } from '../interface-route-schemas.ts';

export const ImportQuery = Type.Object(
  {
    dryRun: Type.Optional(
      Type.Boolean({ description: 'Report what the import would do; store nothing' }),
    ),
    skipInvalid: Type.Optional(
      Type.Boolean({
        description: 'Import the operations that map even when others cannot (listed under errors)',
      }),
    ),
    upstream: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 2048,
        description: 'Upstream URL for every imported interface, instead of the document servers',
      }),
    ),
    message: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

/** The wrapped form of an import request; the raw form is the document itself. */
export const ImportRequest = Type.Object(
  {
    document: Type.Union([Type.Object({}, { additionalProperties: true }), Type.String()], {
      description: 'The OpenAPI 3.0/3.1 or Swagger 2.0 document, as an object or as JSON/YAML text',
    }),
    dryRun: Type.Optional(Type.Boolean()),
    skipInvalid: Type.Optional(Type.Boolean()),
    upstream: Type.Optional(
      Type.Union([Upstream, Type.String({ minLength: 1, maxLength: 2048 })], {
        description: 'Replaces the upstream the document servers give: {url}, {pool} or a URL',
      }),
    ),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }))),
    message: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

const Problem = Type.Object(
  {
    message: Type.String(),
    pointer: Type.String({ description: 'JSON pointer into the imported document' }),
  },
  { additionalProperties: true },
);

const ReportEntry = Type.Object(
  {
    name: Type.String(),
    id: Type.Optional(Type.Integer()),
    pointer: Type.String({ description: 'JSON pointer of the operation in the document' }),
    method: Type.String(),
    path: Type.String(),
    operationId: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export const ImportReport = Type.Object({
  dryRun: Type.Boolean(),
  document: Type.Object({
    version: Type.String(),
    title: Type.Optional(Type.String()),
    operations: Type.Integer(),
  }),
  created: Type.Array(ReportEntry),
  updated: Type.Array(ReportEntry),
  skipped: Type.Array(ReportEntry, { description: 'Unchanged: no revision was made' }),
  counts: Type.Object({
    created: Type.Integer(),
    updated: Type.Integer(),
    skipped: Type.Integer(),
    warnings: Type.Integer(),
    errors: Type.Integer(),
  }),
  warnings: Type.Array(Problem),
  errors: Type.Array(Problem),
});

export const ImportFailure = Type.Object({
  error: ErrorResponse.properties.error,
  report: Type.Optional(ImportReport),
});

export const ExportQuery = Type.Object(
  {
    format: Type.Optional(Type.Enum(['json', 'yaml'], { default: 'json' })),
    ids: Type.Optional(
      Type.String({
        pattern: '^\\s*\\d+\\s*(,\\s*\\d+\\s*)*$',
        description: 'Comma-separated interface ids, e.g. 1,2,5',
      }),
    ),
    tag: Type.Optional(Type.String({ minLength: 1 })),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    version: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
