import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { GatewayServices } from '../../app/services.ts';
import { previewTool } from './tool-preview.ts';

const NameParams = Type.Object({ name: Type.String({ minLength: 1 }) });
const VersionParams = Type.Object({
  name: Type.String({ minLength: 1 }),
  version: Type.Integer({ minimum: 1 }),
});

function author(request: FastifyRequest): string | undefined {
  const value = request.headers['x-author'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The admin routes of publishing: publish, versions, artifacts, activation (rollback) and tool
 * preview, under `/api/v1/servers/{name}`. Diff and export of versions live on the server
 * routes' `/diff` and `/export`.
 */
export function mcpVersionRoutes(services: GatewayServices): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const versions = services.mcpVersions;

    app.post(
      '/servers/:name/publish',
      {
        schema: {
          tags: ['servers'],
          params: NameParams,
          body: Type.Object(
            {
              revision: Type.Integer({ minimum: 1, description: 'The draft revision reviewed' }),
              message: Type.Optional(Type.String({ maxLength: 2000 })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const outcome = await versions.publish(request.params.name, request.body, author(request));
        return reply.status(outcome.created ? 201 : 200).send({
          ...outcome.version,
          created: outcome.created,
          runtime: outcome.runtime,
          warnings: outcome.warnings,
        });
      },
    );

    app.get(
      '/servers/:name/versions',
      {
        schema: {
          tags: ['servers'],
          params: NameParams,
          querystring: Type.Object({
            page: Type.Optional(Type.Integer({ minimum: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          }),
        },
      },
      async (request) => versions.listVersions(request.params.name, request.query),
    );

    app.get(
      '/servers/:name/versions/:version',
      { schema: { tags: ['servers'], params: VersionParams } },
      async (request) => versions.getVersion(request.params.name, request.params.version),
    );

    app.get(
      '/servers/:name/versions/:version/artifact',
      { schema: { tags: ['servers'], params: VersionParams } },
      async (request, reply) => {
        const { name, version } = request.params;
        const artifact = await versions.artifact(name, version);
        return reply
          .type('application/wasm')
          .header('content-disposition', `attachment; filename="${name}-v${version}.wasm"`)
          .header('etag', `"sha256-${artifact.contentHash}"`)
          .header('x-content-sha256', artifact.contentHash)
          .send(
            Buffer.from(
              artifact.bytes.buffer,
              artifact.bytes.byteOffset,
              artifact.bytes.byteLength,
            ),
          );
      },
    );

    app.post(
      '/servers/:name/versions/:version/activate',
      { schema: { tags: ['servers'], params: VersionParams } },
      async (request) => {
        const { version, runtime } = await versions.activate(
          request.params.name,
          request.params.version,
          author(request),
        );
        return { ...version, runtime };
      },
    );

    app.post(
      '/servers/:name/tools/:tool/preview',
      {
        schema: {
          tags: ['servers'],
          params: Type.Object({
            name: Type.String({ minLength: 1 }),
            tool: Type.String({ minLength: 1 }),
          }),
          body: Type.Object(
            {
              args: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
              response: Type.Optional(
                Type.Object(
                  {
                    status: Type.Integer({ minimum: 100, maximum: 599 }),
                    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
                    body: Type.Optional(Type.Unknown()),
                  },
                  { additionalProperties: false },
                ),
              ),
              live: Type.Optional(Type.Boolean()),
              version: Type.Optional(Type.Integer({ minimum: 1 })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) =>
        previewTool(
          { servers: services.mcpServers, versions, runtime: versions.runtime },
          request.params.name,
          request.params.tool,
          request.body,
        ),
    );
  };
}
