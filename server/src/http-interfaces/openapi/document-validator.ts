import { Validator } from '@seriousme/openapi-schema-validator';
import { isObject } from './json-pointer.ts';

/** One problem in an imported document, with the JSON pointer of the value it is about. */
export interface DocumentProblem {
  message: string;
  pointer: string;
  [key: string]: unknown;
}

export type DocumentVersion = '2.0' | '3.0' | '3.1';

export type VersionCheck =
  | { ok: true; version: DocumentVersion; declared: string }
  | { ok: false; problem: DocumentProblem };

/** Which OpenAPI (or Swagger) version a parsed document declares, if it is one we import. */
export function detectVersion(document: unknown): VersionCheck {
  if (!isObject(document)) {
    return {
      ok: false,
      problem: { message: 'document must be a JSON or YAML object', pointer: '' },
    };
  }
  if (document.swagger !== undefined) {
    if (document.swagger === '2.0') return { ok: true, version: '2.0', declared: '2.0' };
    return {
      ok: false,
      problem: {
        message: `unsupported Swagger version ${JSON.stringify(document.swagger)}: only "2.0" is`,
        pointer: '/swagger',
      },
    };
  }
  const declared = document.openapi;
  if (typeof declared === 'string' && /^3\.0\.\d+/.test(declared)) {
    return { ok: true, version: '3.0', declared };
  }
  if (typeof declared === 'string' && /^3\.1\.\d+/.test(declared)) {
    return { ok: true, version: '3.1', declared };
  }
  if (declared === undefined) {
    return {
      ok: false,
      problem: {
        message: 'not an OpenAPI document: it has neither an "openapi" nor a "swagger" field',
        pointer: '',
      },
    };
  }
  return {
    ok: false,
    problem: {
      message: `unsupported OpenAPI version ${JSON.stringify(declared)}: 2.0, 3.0.x and 3.1.x are`,
      pointer: '/openapi',
    },
  };
}

interface AjvError {
  instancePath: string;
  schemaPath?: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

function problemFromAjv(error: AjvError): DocumentProblem {
  let pointer = error.instancePath;
  const params = error.params ?? {};
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'required' && Array.isArray(params.missingAlternatives)) {
    const names = params.missingAlternatives.map((name) => `"${String(name)}"`);
    message = `missing required property ${names.join(' or ')}`;
  } else if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    message = `missing required property "${params.missingProperty}"`;
  } else if (
    (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') &&
    typeof (params.additionalProperty ?? params.unevaluatedProperty) === 'string'
  ) {
    // 3.0 and 2.0 meta-schemas say additionalProperties, the 3.1 one unevaluatedProperties.
    const property = String(params.additionalProperty ?? params.unevaluatedProperty);
    pointer += '/' + property.replace(/~/g, '~0').replace(/\//g, '~1');
    message = `property "${property}" is not allowed here`;
  } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message += `: ${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return { message: `${pointer || '(document)'} ${message}`, pointer, keyword: error.keyword };
}

// One validator for the process: it compiles each version's meta-schema once and reuses it.
// validate() sets no state that outlives the synchronous part of the call. All errors, not just
// the first: costs nothing measurable on valid documents and names every mistake at once.
const validator = new Validator({ allErrors: true });

/**
 * Checks a parsed document against the official OpenAPI / Swagger schema. Unresolvable local
 * references are left to the mapping, which names each one with its pointer; anything else the
 * validator reports becomes a problem with a JSON pointer.
 */
export async function validateDocument(
  document: Record<string, unknown>,
): Promise<DocumentProblem[]> {
  // Always an object, never a string: a string without a newline would be read as a file name.
  const result = await validator.validate(document);
  if (result.valid) return [];
  if (typeof result.errors === 'string') {
    if (result.errors.startsWith("Can't resolve")) return [];
    return [{ message: result.errors, pointer: '' }];
  }
  return reduceNoise((result.errors ?? []) as AjvError[]).map(problemFromAjv);
}

/** Keywords that only say "none of the alternatives matched"; the alternatives' errors say why. */
const COMBINATOR_KEYWORDS = new Set(['oneOf', 'anyOf', 'not', 'if']);

/**
 * The meta-schemas try each alternative (a Reference Object or the object itself, ...), so one
 * mistake yields several errors. Keeps the ones that name the mistake: no combinator summaries
 * and no "missing $ref" from the Reference Object branch when something else is reported there.
 */
function reduceNoise(errors: AjvError[]): AjvError[] {
  const specific = errors.filter((error) => !COMBINATOR_KEYWORDS.has(error.keyword));
  const kept = (specific.length > 0 ? specific : errors).filter(
    (error, _index, all) =>
      !(
        error.keyword === 'required' &&
        error.params?.missingProperty === '$ref' &&
        all.some((other) => other !== error && other.instancePath === error.instancePath)
      ),
  );
  const seen = new Set<string>();
  const unique = kept.filter((error) => {
    const key = `${error.instancePath}\u0000${error.keyword}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return mergeRequiredAlternatives(unique);
}

/**
 * "Has `schema`, or has `content`" fails as two `required` errors, one per `oneOf` branch:
 * one problem naming both alternatives says it better.
 */
function mergeRequiredAlternatives(errors: AjvError[]): AjvError[] {
  const groups = new Map<string, AjvError>();
  const out: AjvError[] = [];
  for (const error of errors) {
    const branch = /^(.*\/oneOf)\/\d+\/required$/.exec(error.schemaPath ?? '');
    const missing = error.params?.missingProperty;
    if (error.keyword !== 'required' || !branch || typeof missing !== 'string') {
      out.push(error);
      continue;
    }
    const key = `${error.instancePath}\u0000${branch[1]}`;
    const group = groups.get(key);
    if (group) {
      (group.params?.missingAlternatives as string[]).push(missing);
    } else {
      const merged = { ...error, params: { missingAlternatives: [missing] } };
      groups.set(key, merged);
      out.push(merged);
    }
  }
  return out;
}
