import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { parseJsonPointer } from '../json-pointer.ts';

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
  return { value, locate: locator(document, lines) };
}
