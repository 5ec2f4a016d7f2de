import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { jsonPointer } from './json-pointer.ts';

/** One problem in a value: a JSON pointer into it and what is wrong there. */
export interface SchemaProblem {
  path: string;
  message: string;
}

/**
 * Compiles a TypeBox schema into a check that lists one problem per offending value, with the
 * pointer naming the missing or unexpected property itself rather than its parent object. For
 * callers that do not come through the HTTP layer's Ajv validation (imports, batches).
 */
export function compileSchemaCheck(schema: TSchema): (value: unknown) => SchemaProblem[] {
  const compiled = Compile(schema);
  return (value) => {
    if (compiled.Check(value)) return [];
    const problems: SchemaProblem[] = [];
    for (const error of compiled.Errors(value)) {
      const params = error.params as Record<string, unknown>;
      if (error.keyword === 'required' && Array.isArray(params.requiredProperties)) {
        for (const property of params.requiredProperties as string[]) {
          problems.push({
            path: error.instancePath + jsonPointer([property]),
            message: `must have required property '${property}'`,
          });
        }
      } else if (
        error.keyword === 'additionalProperties' &&
        Array.isArray(params.additionalProperties)
      ) {
        for (const property of params.additionalProperties as string[]) {
          problems.push({
            path: error.instancePath + jsonPointer([property]),
            message: 'is not an allowed property',
          });
        }
      } else if (
        error.keyword === 'boolean' &&
        error.schemaPath.endsWith('/additionalProperties')
      ) {
        // Already reported by the parent object's 'additionalProperties' error.
      } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
        problems.push({
          path: error.instancePath,
          message: `${error.message}: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`,
        });
      } else {
        problems.push({ path: error.instancePath, message: error.message });
      }
    }
    return problems;
  };
}
