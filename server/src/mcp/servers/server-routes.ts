import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { GatewayServices } from '../../app/services.ts';
import { ApiError, badRequest } from '../../app/errors.ts';
import { toolListing } from './input-schema.ts';
import { SERVER_NAME_PATTERN } from './model.ts';
import type { ChangeMeta, McpServerService } from './server-service.ts';
import { exportDefinition } from './yaml/higress-export.ts';
import { ConfigSyntaxError, parseConfigText } from './yaml/higress-import.ts';

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

/** The import body: raw YAML or JSON text, a configuration object, or `{content, name, format}`. */
function importInput(
  body: unknown,
  query: { name?: string | undefined; revision?: number | undefined },
) {
  let text: string | undefined;
  let value: unknown;
  let name = query.name;
  let revision = query.revision;
  let message: unknown;
  if (typeof body === 'string') text = body;
  else if (
    body &&
    typeof body === 'object' &&
    typeof (body as { content?: unknown }).content === 'string'
  ) {
    const wrapper = body as Record<string, unknown>;
    text = wrapper.content as string;
    if (typeof wrapper.name === 'string') name = wrapper.name;
    if (typeof wrapper.revision === 'number') revision = wrapper.revision;
    message = wrapper.message;
    const format = wrapper.format;
    if (format !== undefined && format !== 'yaml' && format !== 'json') {
      throw badRequest(`format must be yaml or json, not ${JSON.stringify(format)}`, [
        { in: 'body', path: '/format', message: 'must be yaml or json' },
      ]);
    }
    if (format === 'json') {
      try {
        JSON.parse(text);
      } catch (error) {
        throw badRequest(`content is not valid JSON: ${(error as Error).message}`, [
          { in: 'body', path: '/content', message: (error as Error).message },
        ]);
      }
    }
  } else if (body && typeof body === 'object') value = body;
  else
    throw badRequest('send a Higress configuration as YAML or JSON, or {content, name?, format?}');

  let locate: ((pointer: string) => { line: number; column: number } | undefined) | undefined;
  if (text !== undefined) {
    try {
      const parsed = parseConfigText(text);
      value = parsed.value;
      locate = parsed.locate;
    } catch (error) {
      if (!(error instanceof ConfigSyntaxError)) throw error;
      const detail = { in: 'document', path: '', message: error.message } as Record<
        string,
        unknown
      >;
      if (error.line !== undefined) detail.line = error.line;
      if (error.column !== undefined) detail.column = error.column;
      throw new ApiError(400, 'invalid_document', error.message, [detail as never]);
    }
  }
  if (name !== undefined) {
    if (!new RegExp(SERVER_NAME_PATTERN).test(name)) {
      throw badRequest(`name '${name}' is not a valid server name`, [
        { in: 'query', path: '/name', message: `must match ${SERVER_NAME_PATTERN}` },
      ]);
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const config = value as Record<string, unknown>;
      const server = config.server && typeof config.server === 'object' ? config.server : {};
      value = { ...config, server: { ...(server as object), name } };
    }
  }
  return { value, revision, message, locate };
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
      async (request) => servers.toResource(await servers.get(request.params.name)),
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
            from: Type.Optional(Type.Integer({ minimum: 1 })),
            to: Type.Optional(Type.Integer({ minimum: 1 })),
          }),
        },
      },
      async (request) => servers.diff(request.params.name, request.query.from, request.query.to),
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
      async (request) =>
        servers.setSecrets(request.params.name, request.body.values as Record<string, unknown>),
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
          }),
        },
      },
      async (request, reply) => {
        const format = request.query.format ?? 'yaml';
        const definition = await servers.definitionAt(request.params.name, request.query.revision);
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
        const input = importInput(request.body, request.query);
        const { server, created } = await servers.importDefinition(input.value, {
          expectedRevision: input.revision,
          meta: meta(request, input.message),
          source: { in: input.locate ? 'document' : 'body', locate: input.locate },
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
