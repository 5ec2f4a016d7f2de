import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parse as parseYaml, YAMLError } from 'yaml';

/** A document that is neither valid JSON nor valid YAML, with where the problem is. */
export class DocumentSyntaxError extends Error {
  readonly format: 'json' | 'yaml';
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(format: 'json' | 'yaml', message: string, line?: number, column?: number) {
    super(message);
    this.format = format;
    this.line = line;
    this.column = column;
  }
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let index = 0; index < end; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Where JSON.parse failed: V8 does not always say, so a JSON scanner finds the first error. */
function firstJsonError(text: string): { offset: number; reason: string } | undefined {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first === undefined) return undefined;
  return { offset: first.offset, reason: describeJsonError(printParseErrorCode(first.error)) };
}

/** `ValueExpected` → `value expected`. */
function describeJsonError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const located = firstJsonError(text);
    const offset = located?.offset ?? text.length;
    const reason = located?.reason ?? (error as Error).message;
    const { line, column } = lineAndColumn(text, offset);
    throw new DocumentSyntaxError(
      'json',
      `document is not valid JSON at line ${line}, column ${column}: ${reason}`,
      line,
      column,
    );
  }
}

function parseYamlText(text: string): unknown {
  try {
    // Core schema: no timestamps or other non-JSON values; duplicate keys are errors.
    return parseYaml(text, { schema: 'core', uniqueKeys: true, maxAliasCount: 1000 });
  } catch (error) {
    if (error instanceof YAMLError) {
      const position = error.linePos?.[0];
      const firstLine = error.message.split('\n')[0] ?? error.message;
      const reason = firstLine.replace(/ at line \d+, column \d+:?$/, '');
      throw new DocumentSyntaxError(
        'yaml',
        position
          ? `document is not valid YAML at line ${position.line}, column ${position.col}: ${reason}`
          : `document is not valid YAML: ${reason}`,
        position?.line,
        position?.col,
      );
    }
    throw error;
  }
}

/**
 * Parses an OpenAPI document given as text. Text that starts like a JSON object is read as JSON
 * (fast, and its errors speak of JSON); anything else as YAML, of which JSON is a subset.
 */
export function parseDocumentText(text: string): unknown {
  const start = text.search(/\S/);
  if (start === -1) throw new DocumentSyntaxError('yaml', 'document is empty');
  if (text[start] === '{' || text[start] === '[') return parseJson(text);
  return parseYamlText(text);
}
