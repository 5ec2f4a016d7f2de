import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Document } from 'yaml';
import { parseJsonPointer } from '../../../common/json-pointer.ts';

/**
 * Reads a Higress REST-to-MCP configuration (YAML, or JSON, which YAML parsing also reads)
 * and keeps the document so that a problem found later, by JSON pointer, can be reported with
 * the line and column where it is in the text.
 */

export class ConfigSyntaxError extends Error {
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(message: string, line?: number, column?: number) {
    super(message);
    this.line = line;
    this.column = column;
  }
}

export interface ParsedConfig {
  value: unknown;
  /** Line and column (1-based) of the value at a JSON pointer, or of its nearest ancestor. */
  locate(pointer: string): { line: number; column: number } | undefined;
  /**
   * Where a position inside the string at a pointer (1-based line and column of the string's own
   * text, e.g. a template problem) is in the document. Known for literal block scalars (`|`) and
   * strings on one line; undefined for folded or multi-line flow strings, whose text does not map
   * line for line.
   */
  locateInString(
    pointer: string,
    line: number,
    column: number,
  ): { line: number; column: number } | undefined;
}

function nodeAt(document: Document, pointer: string): unknown {
  const segments = parseJsonPointer(pointer);
  if (!segments) return undefined;
  let node: unknown = document.contents;
  for (const segment of segments) {
    if (isMap(node)) node = node.get(segment, true);
    else if (isSeq(node)) node = node.get(Number(segment), true);
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

function stringLocator(text: string, document: Document, lines: LineCounter) {
  return (pointer: string, line: number, column: number) => {
    const node = nodeAt(document, pointer);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
    const start = lines.linePos(node.range[0]);
    if (node.type === Scalar.BLOCK_LITERAL) {
      // Content starts on the line after the indicator, every line indented alike.
      const contentStart = lines.lineStarts[start.line];
      if (contentStart === undefined) return undefined;
      const firstLine = text.slice(contentStart).split('\n', 1)[0] ?? '';
      const indent = firstLine.length - firstLine.trimStart().length;
      return { line: start.line + line, column: indent + column };
    }
    if (line !== 1) return undefined;
    const end = lines.linePos(node.range[1]);
    if (end.line !== start.line) return undefined;
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
    // Escapes in double-quoted strings shift columns; exact for text without them.
    return { line: start.line, column: start.col + column - 1 + (quoted ? 1 : 0) };
  };
}

function locator(document: Document, lines: LineCounter) {
  return (pointer: string) => {
    const segments = parseJsonPointer(pointer);
    if (!segments) return undefined;
    let node: unknown = document.contents;
    let found = node;
    for (const segment of segments) {
      if (isMap(node)) node = node.get(segment, true);
      else if (isSeq(node)) node = node.get(Number(segment), true);
      else break;
      if (node === undefined) break;
      found = node;
    }
    const range = (found as { range?: [number, number, number] } | null)?.range;
    if (!range) return undefined;
    const position = lines.linePos(range[0]);
    return { line: position.line, column: position.col };
  };
}

export function parseConfigText(text: string): ParsedConfig {
  const lines = new LineCounter();
  const document = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: true,
  });
  const error = document.errors[0];
  if (error) {
    const position = error.linePos?.[0];
    throw new ConfigSyntaxError(
      `configuration is not valid YAML or JSON: ${error.message.split('\n')[0]}`,
      position?.line,
      position?.col,
    );
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    throw new ConfigSyntaxError(`configuration cannot be read: ${(cause as Error).message}`);
  }
  return {
    value,
    locate: locator(document, lines),
    locateInString: stringLocator(text, document, lines),
  };
}
