import swagger2openapi from 'swagger2openapi';
import type { DocumentProblem } from './document-validator.ts';
import { isObject, pointerTo } from './json-pointer.ts';

const WARNING_PROPERTY = 'x-mcpgw-conversion-warning';

/** Collects (and removes) the warnings the converter left in the converted document. */
function takeConversionWarnings(value: unknown, pointer: string, into: DocumentProblem[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => takeConversionWarnings(item, pointerTo(pointer, index), into));
    return;
  }
  if (!isObject(value)) return;
  if (typeof value[WARNING_PROPERTY] === 'string') {
    into.push({
      message: `Swagger 2.0 conversion: ${value[WARNING_PROPERTY]}`,
      pointer,
    });
    delete value[WARNING_PROPERTY];
  }
  for (const [key, child] of Object.entries(value)) {
    takeConversionWarnings(child, pointerTo(pointer, key), into);
  }
}

export class ConversionError extends Error {}

/**
 * Converts a (validated) Swagger 2.0 document to OpenAPI 3.0 so that one mapping serves every
 * version. Small defects the converter can patch are patched and reported as warnings. The
 * paths and methods keep their pointers; deeper pointers of later warnings refer to the
 * converted document (body and formData parameters become request bodies there).
 */
export async function convertSwagger2(
  document: Record<string, unknown>,
): Promise<{ document: Record<string, unknown>; warnings: DocumentProblem[] }> {
  let converted: Record<string, unknown>;
  try {
    const result = await swagger2openapi.convertObj(structuredClone(document), {
      patch: true,
      warnOnly: true,
      warnProperty: WARNING_PROPERTY,
      resolve: false,
      direct: true,
    });
    converted = (isObject(result.openapi) ? result.openapi : result) as Record<string, unknown>;
  } catch (error) {
    throw new ConversionError(
      `the Swagger 2.0 document could not be converted to OpenAPI 3.0: ${(error as Error).message}`,
    );
  }
  const warnings: DocumentProblem[] = [];
  takeConversionWarnings(converted, '', warnings);
  return { document: converted, warnings };
}
