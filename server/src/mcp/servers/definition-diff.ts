import diff from 'microdiff';
import type { ServerDefinition } from './model.ts';
import { jsonPointer } from './json-pointer.ts';

/** One difference between two definitions, addressed by a JSON pointer into the definition. */
export interface DefinitionChange {
  path: string;
  op: 'add' | 'remove' | 'replace';
  before?: unknown;
  after?: unknown;
}

const OPS = { CREATE: 'add', REMOVE: 'remove', CHANGE: 'replace' } as const;

/** The changes that turn `from` into `to`, objects key by key and arrays index by index. */
export function diffDefinitions(from: ServerDefinition, to: ServerDefinition): DefinitionChange[] {
  return diff(from as Record<string, unknown>, to as Record<string, unknown>).map((d) => {
    const change: DefinitionChange = { path: jsonPointer(d.path), op: OPS[d.type] };
    if (d.type !== 'CREATE') change.before = d.oldValue;
    if (d.type !== 'REMOVE') change.after = d.value;
    return change;
  });
}
