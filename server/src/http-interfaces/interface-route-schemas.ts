import { Type } from 'typebox';
import { HTTP_METHODS, InterfaceDefinition } from './interface-model.ts';
import { MAX_PAGE_SIZE } from './interface-service.ts';

/** Largest interface body; a definition with its schemas is far smaller than an OpenAPI document. */
export const INTERFACE_BODY_LIMIT = 4 * 1024 * 1024;

const MAX_ID = 2_147_483_647; // PostgreSQL integer range

const Id = Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'Interface id' });
const RevisionNumber = Type.Integer({ minimum: 1, maximum: MAX_ID });
const Timestamp = Type.String({ description: 'ISO 8601 UTC timestamp' });
const Message = Type.String({
  maxLength: 2000,
  description: 'Why the change was made; recorded on the revision, not part of the definition',
});

export const IdParams = Type.Object({ id: Id });
export const RevisionParams = Type.Object({
  id: Id,
  revision: RevisionNumber,
});

export const AuthorHeaders = Type.Object({
  'x-author': Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'Who makes the change; recorded on the revision (until admin auth exists)',
    }),
  ),
});

export const LockingHeaders = Type.Object({
  'x-author': AuthorHeaders.properties['x-author'],
  'if-match': Type.Optional(
    Type.String({
      description:
        'The revision the change is based on, as an entity tag: "3" (alternative to the `revision` field)',
    }),
  ),
});

/** Read-only fields a client may echo back from a GET; they are ignored (an `id` must match). */
const ReadOnlyFields = {
  id: Type.Optional(Type.Integer({ description: 'Read-only; must match the URL when sent' })),
  createdAt: Type.Optional(Type.String({ description: 'Read-only; ignored' })),
  updatedAt: Type.Optional(Type.String({ description: 'Read-only; ignored' })),
  deletedAt: Type.Optional(Type.String({ description: 'Read-only; ignored' })),
};

export const CreateBody = Type.Object(
  {
    ...InterfaceDefinition.properties,
    message: Type.Optional(Message),
    ...ReadOnlyFields,
    revision: Type.Optional(Type.Integer({ description: 'Read-only; ignored on create' })),
  },
  { additionalProperties: false },
);

export const UpdateBody = Type.Object(
  {
    ...InterfaceDefinition.properties,
    revision: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'The revision this change is based on (required here or as If-Match)',
      }),
    ),
    message: Type.Optional(Message),
    ...ReadOnlyFields,
  },
  { additionalProperties: false },
);

export const GetQuery = Type.Object(
  { includeDeleted: Type.Optional(Type.Boolean({ default: false })) },
  { additionalProperties: false },
);

export const DeleteQuery = Type.Object({
  revision: Type.Optional(RevisionNumber),
});

export const DeleteBody = Type.Union([
  Type.Object(
    { revision: Type.Optional(RevisionNumber), message: Type.Optional(Message) },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

export const RestoreBody = Type.Union([
  Type.Object({ message: Type.Optional(Message) }, { additionalProperties: false }),
  Type.Null(),
]);

export const RollbackBody = Type.Object(
  {
    toRevision: RevisionNumber,
    revision: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'The current revision the rollback is based on (or If-Match)',
      }),
    ),
    message: Type.Optional(Message),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    search: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'Case-insensitive substring of name, path, summary, operationId or description',
      }),
    ),
    tag: Type.Optional(Type.String({ description: 'Exact tag' })),
    method: Type.Optional(Type.Enum(HTTP_METHODS)),
    page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })),
    includeDeleted: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);

export const PageQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 100 })),
  },
  { additionalProperties: false },
);

export const DiffQuery = Type.Object(
  { from: RevisionNumber, to: RevisionNumber },
  { additionalProperties: false },
);

export const InterfaceResource = Type.Object(
  {
    id: Type.Integer(),
    revision: Type.Integer({
      description: 'Current revision; send it back to change the interface',
    }),
    ...InterfaceDefinition.properties,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    deletedAt: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);

export const InterfacePage = Type.Object({
  items: Type.Array(InterfaceResource),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

const RevisionFields = {
  revision: Type.Integer(),
  action: Type.Enum(['create', 'update', 'delete', 'restore', 'rollback']),
  author: Type.Union([Type.String(), Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  contentHash: Type.String({ description: 'sha256 of the canonical JSON of the definition' }),
};

export const RevisionSummary = Type.Object(RevisionFields);

export const RevisionResource = Type.Object({
  ...RevisionFields,
  definition: InterfaceDefinition,
});

export const RevisionPage = Type.Object({
  items: Type.Array(RevisionSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const DiffResponse = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  changes: Type.Array(
    Type.Object({
      path: Type.String({ description: 'JSON pointer into the definition' }),
      op: Type.Enum(['add', 'remove', 'replace']),
      before: Type.Optional(Type.Unknown()),
      after: Type.Optional(Type.Unknown()),
    }),
  ),
});

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(
      Type.Array(
        Type.Object(
          {
            message: Type.String(),
            path: Type.Optional(Type.String({ description: 'JSON pointer' })),
            in: Type.Optional(Type.String()),
          },
          { additionalProperties: true },
        ),
      ),
    ),
  }),
});

export const ConflictResponse = Type.Object({
  error: ErrorResponse.properties.error,
  current: Type.Optional(InterfaceResource),
});

/** Error responses every interface route may give. */
export const commonErrors = {
  400: ErrorResponse,
  404: ErrorResponse,
};
