import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { badRequest } from '../app/errors.ts';
import { changeMeta, expectedRevision } from './revision-preconditions.ts';
import type { AdminModule } from '../app/admin-modules.ts';
import type { InterfaceDefinition } from './interface-model.ts';
import { toResource } from './interface-resource.ts';
import type { InterfaceRevision, StoredInterface } from './interface-service.ts';
import {
  AuthorHeaders,
  commonErrors,
  ConflictResponse,
  CreateBody,
  DeleteBody,
  DeleteQuery,
  DiffQuery,
  DiffResponse,
  ErrorResponse,
  IdParams,
  INTERFACE_BODY_LIMIT,
  InterfacePage,
  InterfaceResource,
  ListQuery,
  LockingHeaders,
  PageQuery,
  RestoreBody,
  RevisionPage,
  RevisionParams,
  RevisionResource,
  GetQuery,
  RollbackBody,
  UpdateBody,
} from './interface-route-schemas.ts';

const TAGS = ['interfaces'];

/** Splits a request body into the definition and the fields that travel beside it. */
function splitBody<T extends { message?: string; revision?: number; id?: number }>(body: T) {
  // Read-only fields echoed from a GET are dropped here, not stored.
  const {
    message,
    revision,
    id,
    createdAt: _createdAt,
    updatedAt: _updatedAt,
    deletedAt: _deletedAt,
    ...definition
  } = body as T & Record<string, unknown>;
  return { message, revision, id, definition: definition as unknown as InterfaceDefinition };
}

function revisionSummary(revision: InterfaceRevision) {
  const { definition: _definition, interfaceId: _interfaceId, ...summary } = revision;
  return summary;
}

function withEtag<T extends StoredInterface>(
  reply: { header(name: string, value: string): unknown },
  stored: T,
) {
  reply.header('etag', `"${stored.revision}"`);
  return toResource(stored);
}

/** The `/interfaces` resources of the admin API. */
export const httpInterfaceRoutes: AdminModule = (services) => async (plain: FastifyInstance) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const interfaces = services.httpInterfaces;

  app.get(
    '/interfaces',
    {
      schema: {
        tags: TAGS,
        summary: 'List interfaces',
        description: 'Ordered by name, then id. Deleted interfaces only with includeDeleted=true.',
        querystring: ListQuery,
        response: { 200: InterfacePage, 400: ErrorResponse },
      },
    },
    async (request) => {
      const page = await interfaces.list(request.query);
      return { ...page, items: page.items.map(toResource) };
    },
  );

  app.post(
    '/interfaces',
    {
      bodyLimit: INTERFACE_BODY_LIMIT,
      schema: {
        tags: TAGS,
        summary: 'Create an interface',
        description: 'Stores the definition as revision 1.',
        headers: AuthorHeaders,
        body: CreateBody,
        response: { 201: InterfaceResource, 400: ErrorResponse, 409: ConflictResponse },
      },
    },
    async (request, reply) => {
      const { message, definition } = splitBody(request.body);
      const stored = await interfaces.create(definition, changeMeta(request, message));
      reply.status(201).header('location', `${request.url.split('?')[0]}/${stored.id}`);
      return withEtag(reply, stored);
    },
  );

  app.get(
    '/interfaces/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Get an interface',
        params: IdParams,
        querystring: GetQuery,
        response: { 200: InterfaceResource, ...commonErrors },
      },
    },
    async (request, reply) =>
      withEtag(reply, await interfaces.get(request.params.id, request.query)),
  );

  app.put(
    '/interfaces/:id',
    {
      bodyLimit: INTERFACE_BODY_LIMIT,
      schema: {
        tags: TAGS,
        summary: 'Replace an interface definition',
        description:
          'Send the whole definition and the `revision` you read (or If-Match). A new revision is ' +
          'made only when the content changes. A stale revision gets 409 with `current`; a ' +
          'missing one 428.',
        params: IdParams,
        headers: LockingHeaders,
        body: UpdateBody,
        response: {
          200: InterfaceResource,
          ...commonErrors,
          409: ConflictResponse,
          428: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { message, revision, id, definition } = splitBody(request.body);
      if (id !== undefined && id !== request.params.id) {
        throw badRequest(`body id ${id} does not match the URL's id ${request.params.id}`, [
          { in: 'body', path: '/id', message: 'body/id must match the id in the URL' },
        ]);
      }
      const expected = expectedRevision(
        request,
        [['body field revision', revision]],
        'the body field `revision`',
      );
      const stored = await interfaces.update(
        request.params.id,
        definition,
        expected,
        changeMeta(request, message),
      );
      return withEtag(reply, stored);
    },
  );

  app.delete(
    '/interfaces/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete an interface (soft)',
        description:
          'Hides the interface from lists and reads; history is kept and POST …/restore undoes ' +
          'it. Send the revision you read as ?revision=N or If-Match: "N" (428 when missing).',
        params: IdParams,
        querystring: DeleteQuery,
        headers: LockingHeaders,
        body: DeleteBody,
        response: {
          200: InterfaceResource,
          ...commonErrors,
          409: ConflictResponse,
          428: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const expected = expectedRevision(
        request,
        [
          ['query parameter revision', request.query.revision],
          ['body field revision', request.body?.revision],
        ],
        'the query parameter ?revision=N',
      );
      const stored = await interfaces.delete(
        request.params.id,
        expected,
        changeMeta(request, request.body?.message),
      );
      return withEtag(reply, stored);
    },
  );

  app.post(
    '/interfaces/:id/restore',
    {
      schema: {
        tags: TAGS,
        summary: 'Restore a deleted interface',
        description: '409 when it is not deleted or another live interface has taken its name.',
        params: IdParams,
        headers: AuthorHeaders,
        body: RestoreBody,
        response: { 200: InterfaceResource, ...commonErrors, 409: ConflictResponse },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await interfaces.restore(request.params.id, changeMeta(request, request.body?.message)),
      ),
  );

  app.get(
    '/interfaces/:id/revisions',
    {
      schema: {
        tags: TAGS,
        summary: 'List the revisions of an interface',
        description: 'Newest first, without the definitions (GET one revision for its content).',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: RevisionPage, ...commonErrors },
      },
    },
    async (request) => {
      const page = await interfaces.listRevisions(request.params.id, request.query);
      return { ...page, items: page.items.map(revisionSummary) };
    },
  );

  app.get(
    '/interfaces/:id/revisions/:revision',
    {
      schema: {
        tags: TAGS,
        summary: 'Get one revision of an interface',
        params: RevisionParams,
        response: { 200: RevisionResource, ...commonErrors },
      },
    },
    async (request) => {
      const { interfaceId: _interfaceId, ...revision } = await interfaces.getRevision(
        request.params.id,
        request.params.revision,
      );
      return revision;
    },
  );

  app.get(
    '/interfaces/:id/diff',
    {
      schema: {
        tags: TAGS,
        summary: 'Compare two revisions',
        description:
          'The changes from revision `from` to revision `to`, each with a JSON pointer into the ' +
          'definition, op add/remove/replace, and the values before and after.',
        params: IdParams,
        querystring: DiffQuery,
        response: { 200: DiffResponse, ...commonErrors },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return { from, to, changes: await interfaces.diff(request.params.id, from, to) };
    },
  );

  app.post(
    '/interfaces/:id/rollback',
    {
      schema: {
        tags: TAGS,
        summary: 'Roll back to an earlier revision',
        description:
          'Makes the content of `toRevision` current as a new revision (action rollback); ' +
          'history is kept. `revision` is the current revision you read (or If-Match).',
        params: IdParams,
        headers: LockingHeaders,
        body: RollbackBody,
        response: {
          200: InterfaceResource,
          ...commonErrors,
          409: ConflictResponse,
          422: ErrorResponse,
          428: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const expected = expectedRevision(
        request,
        [['body field revision', request.body.revision]],
        'the body field `revision`',
      );
      const stored = await interfaces.rollback(
        request.params.id,
        request.body.toRevision,
        expected,
        changeMeta(request, request.body.message),
      );
      return withEtag(reply, stored);
    },
  );
};
