import { findShapeProblem } from './document-shape.ts';
import { DocumentSyntaxError, parseDocumentText } from './document-text.ts';
import {
  detectVersion,
  validateDocument,
  type DocumentProblem,
  type DocumentVersion,
} from './document-validator.ts';
import { mapDocument, type MappingOptions, type MappingResult } from './document-mapping.ts';
import { unresolvedReferences } from './reference-check.ts';
import { ConversionError, convertSwagger2 } from './swagger2-conversion.ts';

/** At most this many validation problems are listed; the message gives the total. */
export const MAX_REPORTED_PROBLEMS = 100;

/** Why a document as a whole cannot be imported: nothing of it is mapped. */
export class DocumentRejected extends Error {
  readonly code: 'document_syntax' | 'document_invalid' | 'document_unsupported';
  readonly problems: DocumentProblem[];

  constructor(code: DocumentRejected['code'], message: string, problems: DocumentProblem[]) {
    super(message);
    this.code = code;
    this.problems = problems;
  }
}

export interface ReadDocument extends MappingResult {
  /** The version the document declares, e.g. "2.0", "3.0.3", "3.1.0". */
  declaredVersion: string;
  version: DocumentVersion;
  title: string | undefined;
}

/**
 * Reads an OpenAPI 3.0/3.1 or Swagger 2.0 document (text in JSON or YAML, or already parsed),
 * validates it against the official schema, converts Swagger 2.0 to OpenAPI 3.0, and maps each
 * operation to an interface definition. Throws DocumentRejected when the document as a whole
 * is unusable; problems with single operations come back as errors in the result.
 */
export async function readDocument(
  input: unknown,
  options: MappingOptions = {},
): Promise<ReadDocument> {
  let document = input;
  if (typeof input === 'string') {
    try {
      document = parseDocumentText(input);
    } catch (error) {
      if (!(error instanceof DocumentSyntaxError)) throw error;
      throw new DocumentRejected('document_syntax', error.message, [
        {
          message: error.message,
          pointer: '',
          ...(error.line !== undefined ? { line: error.line, column: error.column } : {}),
        },
      ]);
    }
  }
  const shapeProblem = findShapeProblem(document);
  if (shapeProblem) {
    throw new DocumentRejected('document_invalid', shapeProblem.message, [shapeProblem]);
  }
  const version = detectVersion(document);
  if (!version.ok) {
    throw new DocumentRejected('document_unsupported', version.problem.message, [version.problem]);
  }
  const parsed = document as Record<string, unknown>;
  const problems = await validateDocument(parsed);
  if (problems.length > 0) {
    throw new DocumentRejected(
      'document_invalid',
      `the document is not a valid ${version.version === '2.0' ? 'Swagger' : 'OpenAPI'} ${version.declared} document: ${problems[0]?.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
      problems.slice(0, MAX_REPORTED_PROBLEMS),
    );
  }
  let mappable = parsed;
  const warnings: DocumentProblem[] = [];
  if (version.version === '2.0') {
    const unresolved = unresolvedReferences(parsed);
    if (unresolved.length > 0) {
      throw new DocumentRejected(
        'document_invalid',
        `the Swagger 2.0 document has ${unresolved.length} reference${unresolved.length === 1 ? '' : 's'} that cannot be resolved (first: ${unresolved[0]?.message} at ${unresolved[0]?.pointer})`,
        unresolved,
      );
    }
    try {
      const converted = await convertSwagger2(parsed);
      mappable = converted.document;
      warnings.push(...converted.warnings);
    } catch (error) {
      if (!(error instanceof ConversionError)) throw error;
      throw new DocumentRejected('document_invalid', error.message, [
        { message: error.message, pointer: '' },
      ]);
    }
  }
  const mapped = mapDocument(mappable, version.version === '3.1' ? '3.1' : '3.0', options);
  const info = parsed.info as { title?: unknown } | undefined;
  return {
    ...mapped,
    warnings: [...warnings, ...mapped.warnings],
    declaredVersion: version.declared,
    version: version.version,
    title: typeof info?.title === 'string' ? info.title : undefined,
  };
}
