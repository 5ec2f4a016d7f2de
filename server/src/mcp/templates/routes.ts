/** `POST /api/v1/templates/render`: the console's live preview of a template. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AdminModule } from '../../app/admin-modules.ts';
import { renderTemplate } from './render.ts';
import { RenderBody, RenderResponse, TemplateErrorResponse } from './route-schemas.ts';

const PHASE_MESSAGES = {
  parse: 'the template has errors',
  execute: 'the template failed while rendering',
  limit: 'the template exceeded a limit while rendering',
} as const;

export const templateRoutes: AdminModule = () => async (plain: FastifyInstance) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/templates/render',
    {
      schema: {
        tags: ['templates'],
        summary: 'Render a template against JSON data',
        description:
          'Parses the template (gjson_template dialect), then renders it in the Wasm runtime under the default limits. ' +
          '422 lists the problems with line and column.',
        body: RenderBody,
        response: { 200: RenderResponse, 422: TemplateErrorResponse },
      },
    },
    async (request, reply) => {
      const { template, data, options } = request.body;
      const result = renderTemplate(template, data, {
        now: options?.now !== undefined ? Date.parse(options.now) : undefined,
      });
      if (result.ok) return { output: result.output };
      return reply.status(422).send({
        error: {
          code: 'template_error',
          message: PHASE_MESSAGES[result.phase],
          details: result.diagnostics.map((d) => ({
            message: d.message,
            line: d.line,
            column: d.column,
            kind: d.kind,
          })),
        },
      });
    },
  );
};
