import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';

function newAjv(options: Options): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
    ...options,
  });
  (addFormats as unknown as (instance: Ajv) => void)(ajv);
  return ajv;
}

/**
 * Query strings, path parameters and headers arrive as text, so their validator coerces
 * ("5" → 5, "x" → ["x"]); JSON bodies are validated exactly as sent, so that `{"name": 5}` is a
 * 400 naming `/name` rather than silently stored as "5".
 */
export function installSchemaValidators(app: FastifyInstance) {
  const coercing = newAjv({ coerceTypes: 'array' });
  const exact = newAjv({ coerceTypes: false });
  app.setValidatorCompiler<FastifySchema>(({ schema, httpPart }) =>
    (httpPart === 'body' ? exact : coercing).compile(schema as object),
  );
}
