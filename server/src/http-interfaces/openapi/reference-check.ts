import type { DocumentProblem } from './document-validator.ts';
import { isObject, pointerTo, refToPointer, valueAtPointer } from './json-pointer.ts';

/** Values that are data, where a `$ref` key is not a reference. */
const DATA_KEYS = new Set(['example', 'examples', 'x-example', 'default', 'enum', 'const']);

/**
 * Every `$ref` of a document that is not local or does not resolve, with the pointer of the
 * `$ref`. Used on Swagger 2.0 documents before conversion, because the converter drops a
 * parameter whose reference it cannot resolve instead of failing.
 */
export function unresolvedReferences(document: unknown): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const visit = (value: unknown, pointer: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, pointerTo(pointer, index)));
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const at = pointerTo(pointer, key);
      if (key === '$ref' && typeof child === 'string') {
        const target = refToPointer(child);
        if (target === undefined) {
          problems.push({
            message: `$ref "${child}" is not supported: only references inside the document (#/...) are`,
            pointer: at,
          });
        } else if (valueAtPointer(document, target) === undefined) {
          problems.push({ message: `$ref "${child}" does not resolve`, pointer: at });
        }
      } else if (!DATA_KEYS.has(key) && !key.startsWith('x-')) {
        visit(child, at);
      }
    }
  };
  visit(document, '');
  return problems;
}
