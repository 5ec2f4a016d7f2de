import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { GatewayServices } from '../../app/services.ts';

import { badRequest } from '../../app/errors.ts';
import { toolListing } from './input-schema.ts';
import { SERVER_NAME_PATTERN } from './model.ts';
import type { ChangeMeta, McpServerService } from './server-service.ts';
import { exportDefinition } from './yaml/higress-export.ts';
import { importRequest } from './yaml/import-request.ts';

const YAML_TYPES = [
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/x-yaml',
  'text/plain',
];

const NameParams = Type.Object({ name: Type.String({ minLength: 1 }) });
const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
};

/** A definition body: `server`, `tools`, `allowTools`, checked in full by the service. */
const DefinitionBody = Type.Object(
  {
    server: Type.Unknown(),
    tools: Type.Optional(Type.Unknown()),
    allowTools: Type.Optional(Type.Unknown()),
  },
  {
    additionalProperties: true,
    description: 'An MCP server definition (Higress configuration shape)',
  },
);

function meta(request: FastifyRequest, message?: unknown): ChangeMeta {
  const author = request.headers['x-author'];
  return {
    author: typeof author === 'string' && author !== '' ? author : undefined,
    message: typeof message === 'string' && message !== '' ? message : undefined,
  };
}

/** Splits `revision` and `message` off a PUT body; the rest is the definition. */
function splitBody(body: Record<string, unknown>) {
  const { revision, message, ...definition } = body;
  return { revision, message, definition };
}

/** The admin routes of MCP server drafts, under `/api/v1/servers`. */
export function mcpServerRoutes(services: GatewayServices): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const servers: McpServerService = services.mcpServers;

    // Scoped to this plugin: imports may come as YAML text.
    app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );

    app.get(
      '/servers',
      {
        schema: {
          tags: ['servers'],
          querystring: Type.Object({ q: Type.Optional(Type.String()), ...Paging }),
        },
      },
      async (request) =>
        servers.list({
          search: request.query.q,
          page: request.query.page,
          pageSize: request.query.pageSize,
        }),
    );

    app.post(
      '/servers',
      { schema: { tags: ['servers'], body: DefinitionBody } },
      async (request, reply) => {
        const { message, definition } = splitBody(request.body as Record<string, unknown>);
        const server = await servers.create(definition, meta(request, message));
        return reply.status(201).send(servers.toResource(server));
      },
    );

    app.get(
      '/servers/:name',
      { schema: { tags: ['servers'], params: NameParams } },
      async (request) => {
        const server = servers.toResource(await servers.get(request.params.name));
        // What the gateway serves: the stored active version and this process's loaded one.
        return { ...server, runtime: await services.mcpVersions.runtimeView(request.params.name) };
      },
    );

    app.put(
      '/servers/:name',
      {
        schema: {
          tags: ['servers'],
          params: NameParams,
          body: Type.Object(
            {
              revision: Type.Integer({ minimum: 1 }),
              message: Type.Optional(Type.String()),
              server: Type.Unknown(),
            },
            { additionalProperties: true },
          ),
        },
      },
      async (request) => {
        const { revision, message, definition } = splitBody(
          request.body as Record<string, unknown>,
        );
        const server = await servers.update(
          request.params.name,
          revision as number,
          definition,
          meta(request, message),
          { in: 'body' },
        );
        return servers.toResource(server);
      },
    );

    app.delete(
      '/servers/:name',
      {
        schema: {
          tags: ['servers'],
          params: NameParams,
          querystring: Type.Object({ revision: Type.Optional(Type.Integer({ minimum: 1 })) }),
        },
      },
      async (request, reply) => {
        await servers.delete(request.params.name, request.query.revision);
        await services.mcpVersions.serverDeleted(request.params.name);
        return reply.status(204).send();
      },
    );

    app.get(
      '/servers/:name/tools',
      { schema: { tags: ['servers'], params: NameParams } },
      async (request) => {
        const { definition } = await servers.get(request.params.name);
        const allowed = definition.allowTools ? new Set(definition.allowTools) : undefined;
        const tools = (definition.tools ?? []).filter((t) => !allowed || allowed.has(t.name));
        return { tools: tools.map(toolListing) };
      },
    );

    app.get(
      '/servers/:name/revisions',
      {
        schema: { tags: ['servers'], params: NameParams, querystring: Type.Object(Paging) },
      },
      async (request) => servers.listRevisions(request.params.name, request.query),
    );

    app.get(
      '/servers/:name/revisions/:revision',
      {
        schema: {
          tags: ['servers'],
          params: Type.Object({ name: Type.String(), revision: Type.Integer({ minimum: 1 }) }),
        },
      },
      async (request) => servers.getRevision(request.params.name, request.params.revision),
    );

    app.get(
      '/servers/:name/diff',
      {
        schema: {
          tags: ['servers'],
          params: NameParams,
          querystring: Type.Object({
            from: Type.Optional(Type.Integer({ minimum: 1, description: 'draft revision' })),
            to: Type.Optional(Type.Integer({ minimum: 1, description: 'draft revision' })),
            fromVersion: Type.Optional(
              Type.Integer({ minimum: 1, description: 'published version' }),
            ),
            toVersion: Type.Optional(
              Type.Integer({ minimum: 1, description: 'published version' }),
            ),
          }),
        },
      },
      async (request) => {
        const { from, to, fromVersion, toVersion } = request.query;
        if (fromVersion !== undefined || toVersion !== undefined) {
          if (from !== undefined || to !== undefined) {
            throw badRequest(
              'compare either draft revisions (from, to) or published versions (fromVersion, toVersion), not both',
              [{ in: 'query', path: '', message: 'mixes revisions and versions' }],
            );
          }
          return services.mcpVersions.diffVersions(request.params.name, fromVersion, toVersion);
        }
        return servers.diff(request.params.name, from, to);
      },
    );

    app.put(
      '/servers/:name/secrets',
      {
        schema: {
          tags: ['servers'],
          params: NameParams,
          body: Type.Object(
            {
              // Checked by the service: a string sets, null removes. (A union here would let
              // the admin app's type coercion turn null into "".)
              values: Type.Record(Type.String(), Type.Unknown()),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const status = await servers.setSecrets(
          request.params.name,
          request.body.values as Record<string, unknown>,
        );
        // The active version is reloaded with the new values (no compile); a failed reload
        // shows in runtime.lastLoadError and the previous instance keeps serving.
        const runtime = await services.mcpVersions
          .secretsChanged(request.params.name)
          .catch(() => services.mcpVersions.runtimeView(request.params.name));
        return runtime ? { ...status, runtime } : status;
      },
    );

    app.get(
      '/servers/:name/export',
      {
        schema: {
          tags: ['servers'],
          params: NameParams,
          querystring: Type.Object({
            format: Type.Optional(Type.Enum(['yaml', 'json'])),
            revision: Type.Optional(Type.Integer({ minimum: 1 })),
            version: Type.Optional(Type.Integer({ minimum: 1, description: 'published version' })),
          }),
        },
      },
      async (request, reply) => {
        const format = request.query.format ?? 'yaml';
        const { revision, version } = request.query;
        if (revision !== undefined && version !== undefined) {
          throw badRequest('export either a draft revision or a published version, not both', [
            { in: 'query', path: '', message: 'revision and version both given' },
          ]);
        }
        const definition =
          version !== undefined
            ? await services.mcpVersions.definitionAtVersion(request.params.name, version)
            : await servers.definitionAt(request.params.name, revision);
        return reply
          .type(
            format === 'json'
              ? 'application/json; charset=utf-8'
              : 'application/yaml; charset=utf-8',
          )
          .send(exportDefinition(definition, format));
      },
    );

    app.post(
      '/servers/import',
      {
        schema: {
          tags: ['servers'],
          querystring: Type.Object({
            name: Type.Optional(Type.String()),
            revision: Type.Optional(Type.Integer({ minimum: 1 })),
          }),
        },
      },
      async (request, reply) => {
        const input = importRequest(request.body, request.query);
        const { server, created } = await servers.importDefinition(input.value, {
          expectedRevision: input.revision,
          meta: meta(request, input.message),
          source: input.document
            ? {
                in: 'document',
                locate: input.document.locate,
                locateInString: input.document.locateInString,
              }
            : { in: 'body' },
        });
        return reply.status(created ? 201 : 200).send(servers.toResource(server));
      },
    );

    app.post(
      '/servers/from-interfaces',
      {
        schema: {
          tags: ['servers'],
          body: Type.Object(
            {
              name: Type.String({ pattern: SERVER_NAME_PATTERN, maxLength: 100 }),
              interfaceIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1 }),
              title: Type.Optional(Type.String({ maxLength: 200 })),
              description: Type.Optional(Type.String()),
              message: Type.Optional(Type.String()),
              template: Type.Optional(
                Type.Object(
                  {
                    server: Type.Optional(
                      Type.Object(
                        { config: Type.Optional(Type.Record(Type.String(), Type.Unknown())) },
                        { additionalProperties: false },
                      ),
                    ),
                    tools: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
                  },
                  {
                    additionalProperties: false,
                    description:
                      'Patch applied to every tool: server.config added, tools merged in',
                  },
                ),
              ),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const { message, ...rest } = request.body;
        const { server, warnings } = await servers.createFromInterfaces(
          rest,
          meta(request, message),
        );
        return reply.status(201).send({ ...servers.toResource(server), warnings });
      },
    );
  };
}
