import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { stringify as stringifyYaml } from 'yaml';
import type { AdminModule } from '../../app/admin-modules.ts';
import { conflict, validationFailed } from '../../app/errors.ts';
import type { Upstream } from '../interface-model.ts';
import { ErrorResponse } from '../interface-route-schemas.ts';
import { importDocument, rejectionError } from './document-import.ts';
import { DocumentRejected } from './document-reading.ts';
import { DocumentSyntaxError, parseDocumentText } from './document-text.ts';
import { ExportConflict, exportDocument } from './document-export.ts';
import { isObject } from './json-pointer.ts';
import { isHttpUrl } from './server-upstream.ts';
import {
  ExportQuery,
  ImportFailure,
  ImportQuery,
  ImportReport,
  ImportRequest,
} from './openapi-route-schemas.ts';

const TAGS = ['openapi'];

/** Media types an import body may have; each is read as text and parsed as JSON or YAML. */
const DOCUMENT_MEDIA_TYPES = [
  'application/json',
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/x-yaml',
  'text/plain',
  'application/vnd.oai.openapi',
  'application/vnd.oai.openapi+json',
];

const checkImportRequest = Compile(ImportRequest);

function changeMeta(request: FastifyRequest, message: string | undefined) {
  const author = request.headers['x-author'];
  return {
    author: typeof author === 'string' && author.trim() !== '' ? author.trim() : undefined,
    message,
  };
}

/** The wrapped form `{document, ...options}`, told apart from a raw document by its fields. */
function isWrapped(body: unknown): body is Record<string, unknown> {
  return (
    isObject(body) &&
    Object.hasOwn(body, 'document') &&
    !Object.hasOwn(body, 'openapi') &&
    !Object.hasOwn(body, 'swagger')
  );
}

function parseBody(text: string): unknown {
  try {
    return parseDocumentText(text);
  } catch (error) {
    if (!(error instanceof DocumentSyntaxError)) throw error;
    throw rejectionError(
      new DocumentRejected('document_syntax', error.message, [
        {
          message: error.message,
          pointer: '',
          ...(error.line !== undefined ? { line: error.line, column: error.column } : {}),
        },
      ]),
    );
  }
}

function checkWrapped(body: Record<string, unknown>): Static<typeof ImportRequest> {
  if (checkImportRequest.Check(body)) return body;
  const details = checkImportRequest.Errors(body).map((error) => ({
    in: 'body',
    path: error.instancePath,
    message: `body${error.instancePath} ${error.message}`,
  }));
  throw validationFailed(
    `the import request is invalid: ${details.map((d) => d.message).join('; ')}`,
    details,
  );
}

/** The upstream the request sets (a URL or `{url}` / `{pool}`); 400 for a URL it cannot be. */
function upstreamOption(value: unknown, where: 'body' | 'query'): Upstream | undefined {
  const upstream = (typeof value === 'string' ? { url: value } : value) as Upstream | undefined;
  if (upstream && 'url' in upstream && !isHttpUrl(upstream.url)) {
    const path = where === 'query' || typeof value === 'string' ? '/upstream' : '/upstream/url';
    throw validationFailed(`upstream must be an absolute http(s) URL, got "${upstream.url}"`, [
      { in: where, path, message: `${where}${path} is not an absolute http(s) URL` },
    ]);
  }
  return upstream;
}

function parseIds(ids: string | undefined): number[] | undefined {
  if (ids === undefined) return undefined;
  return ids.split(',').map((id) => {
    const value = Number(id.trim());
    if (!Number.isSafeInteger(value) || value < 1) {
      throw validationFailed(`ids must be positive integers, got "${id.trim()}"`, [
        { in: 'query', path: '/ids', message: `query/ids has "${id.trim()}", not an id` },
      ]);
    }
    return value;
  });
}

/**
 * OpenAPI import and export of HTTP interfaces: `POST /openapi/import` takes a document (raw
 * JSON/YAML body, or `{document, ...options}`), `GET /openapi/export` gives one OpenAPI 3.1
 * document of all or selected interfaces.
 */
export const openapiRoutes: AdminModule = (services) => async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const interfaces = services.httpInterfaces;

  // In this plugin only: bodies are documents, read as text and parsed here, so that a
  // syntax error can be reported with its line and column, in JSON or in YAML.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(DOCUMENT_MEDIA_TYPES, { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    '/openapi/import',
    {
      schema: {
        tags: TAGS,
        summary: 'Import an OpenAPI or Swagger document as interfaces',
        description:
          'Takes OpenAPI 3.0, 3.1 or Swagger 2.0 as JSON or YAML: the raw document, or `{document, dryRun, skipInvalid, upstream, tags, message}` as JSON. Each operation becomes an interface; re-importing updates the interfaces it matches (operationId, else method and path) and skips unchanged ones. All changes are stored in one transaction. 422 when the document is unparseable (line and column), invalid (JSON pointers) or has operations that cannot be mapped (unless skipInvalid).',
        querystring: ImportQuery,
        consumes: DOCUMENT_MEDIA_TYPES,
        response: { 200: ImportReport, 400: ErrorResponse, 409: ErrorResponse, 422: ImportFailure },
      },
    },
    async (request) => {
      const body = parseBody(String(request.body ?? ''));
      const query = request.query;
      let document: unknown = body;
      let options: Omit<Static<typeof ImportRequest>, 'document'> = {};
      if (isWrapped(body)) {
        const { document: wrapped, ...rest } = checkWrapped(body);
        document = wrapped;
        options = rest;
      }
      return importDocument(interfaces, document, {
        dryRun: options.dryRun ?? query.dryRun,
        skipInvalid: options.skipInvalid ?? query.skipInvalid,
        upstream:
          options.upstream !== undefined
            ? upstreamOption(options.upstream, 'body')
            : upstreamOption(query.upstream, 'query'),
        tags: options.tags,
        meta: changeMeta(request, options.message ?? query.message),
      });
    },
  );

  app.get(
    '/openapi/export',
    {
      schema: {
        tags: TAGS,
        summary: 'Export interfaces as one OpenAPI 3.1 document',
        description:
          'All live interfaces, or those with the given ids and/or tag. 409 when two of them have the same method and path (select with ids or tag).',
        querystring: ExportQuery,
        produces: ['application/json', 'application/yaml'],
        response: { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, typedReply) => {
      // The document is sent as text in the format asked for, not through a response schema.
      const reply = typedReply as unknown as FastifyReply;
      const { format, ids, tag, title, version } = request.query;
      const selected = await interfaces.findAllDefinitions({ ids: parseIds(ids), tag });
      let document;
      try {
        document = exportDocument(selected, { title, version });
      } catch (error) {
        if (!(error instanceof ExportConflict)) throw error;
        throw conflict(
          error.message,
          undefined,
          error.duplicates.map((duplicate) => ({
            message: `${duplicate.method} ${duplicate.path} is the method and path of interfaces ${duplicate.interfaces.map((i) => `#${i.id} ${i.name}`).join(', ')}`,
            ...duplicate,
          })),
        );
      }
      if (format === 'yaml') {
        return reply
          .type('application/yaml')
          .send(stringifyYaml(document, { aliasDuplicateObjects: false, lineWidth: 0 }));
      }
      return reply.type('application/json').send(JSON.stringify(document));
    },
  );
};
