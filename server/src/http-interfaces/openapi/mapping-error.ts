/** A part of a document the importer cannot map, with the JSON pointer of that part. */
export class MappingError extends Error {
  readonly pointer: string;
  /** More fields for the report entry, e.g. where in the interface definition the problem is. */
  readonly extra: Record<string, unknown>;

  constructor(message: string, pointer: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.pointer = pointer;
    this.extra = extra;
  }
}
