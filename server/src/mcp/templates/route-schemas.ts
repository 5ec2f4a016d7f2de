import { Type } from 'typebox';

export const RenderBody = Type.Object(
  {
    template: Type.String({ description: 'Template text in the gjson_template dialect' }),
    data: Type.Unknown({ description: 'The JSON value the template renders against' }),
    options: Type.Optional(
      Type.Object(
        {
          now: Type.Optional(
            Type.String({ format: 'date-time', description: 'Fixed clock for now' }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const RenderResponse = Type.Object({ output: Type.String() });

export const TemplateErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Array(
      Type.Object(
        {
          message: Type.String(),
          line: Type.Integer(),
          column: Type.Integer(),
          kind: Type.Optional(Type.String()),
        },
        { additionalProperties: true },
      ),
    ),
  }),
});
