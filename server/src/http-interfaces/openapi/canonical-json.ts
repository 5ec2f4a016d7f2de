/**
 * Key-order-independent JSON text, so that two values compare equal when they hold the same
 * content however their object keys were ordered (documents, stored rows and exports reorder).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const keys = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort();
  return (
    '{' +
    keys
      .map(
        (key) => JSON.stringify(key) + ':' + canonicalJson((value as Record<string, unknown>)[key]),
      )
      .join(',') +
    '}'
  );
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
