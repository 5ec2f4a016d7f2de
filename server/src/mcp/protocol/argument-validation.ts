import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** Validates one tool's arguments; returns undefined when they conform, else a message. */
export type ArgumentValidator = (args: Record<string, unknown>) => string | undefined;

const DIALECT_2020 = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;

// Validators by inputSchema object identity: a new published version that reuses a tool's
// schema object reuses its compiled validator.
const compiled = new WeakMap<object, ArgumentValidator>();

function describe(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'the arguments do not match the input schema';
  return errors
    .map((e) => {
      const at = e.instancePath === '' ? '/' : e.instancePath;
      const extra =
        e.keyword === 'additionalProperties'
          ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
          : '';
      return `${at}: ${e.message ?? e.keyword}${extra}`;
    })
    .join('; ');
}

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv;
}

/**
 * Compiles a tool's input schema (JSON Schema 2020-12; older drafts are read as 2020-12,
 * which they agree with for the keywords tool schemas use). One Ajv instance per batch of
 * compilations keeps `$id`s of different servers from colliding.
 */
export function validatorFor(
  toolName: string,
  inputSchema: object,
  ajv: () => Ajv2020,
): ArgumentValidator {
  const cached = compiled.get(inputSchema);
  if (cached) return cached;
  let validator: ArgumentValidator;
  try {
    const schema = inputSchema as Record<string, unknown>;
    let usable = schema;
    if (typeof schema.$schema === 'string' && !DIALECT_2020.test(schema.$schema)) {
      const { $schema: _olderDialect, ...rest } = schema;
      usable = rest;
    }
    const validate: ValidateFunction = ajv().compile(usable);
    validator = (args) => (validate(args) ? undefined : describe(validate.errors));
  } catch (error) {
    const reason = `the input schema of tool ${toolName} cannot be compiled: ${(error as Error).message}`;
    validator = () => reason;
  }
  compiled.set(inputSchema, validator);
  return validator;
}

/** A lazily created Ajv instance shared by the compilations of one served server version. */
export function ajvFactory(): () => Ajv2020 {
  let ajv: Ajv2020 | undefined;
  return () => (ajv ??= newAjv());
}
