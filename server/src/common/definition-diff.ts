import diff from 'microdiff';
import { jsonPointer } from './json-pointer.ts';

/** One difference between two definitions, addressed by a JSON pointer into the definition. */
export interface DefinitionChange {
  path: string;
  op: 'add' | 'remove' | 'replace';
  /** The value in the older definition (absent for `add`). */
  before?: unknown;
  /** The value in the newer definition (absent for `remove`). */
  after?: unknown;
}

const OPS = { CREATE: 'add', REMOVE: 'remove', CHANGE: 'replace' } as const;

/**
 * The changes that turn `from` into `to`. Objects are compared key by key and arrays index by
 * index; a value whose type changes (object to array, string to number) is one `replace`.
 */
export function diffDefinitions(from: object, to: object): DefinitionChange[] {
  return diff(from as Record<string, unknown>, to as Record<string, unknown>).map((d) => {
    const change: DefinitionChange = { path: jsonPointer(d.path), op: OPS[d.type] };
    if (d.type !== 'CREATE') change.before = d.oldValue;
    if (d.type !== 'REMOVE') change.after = d.value;
    return change;
  });
}
