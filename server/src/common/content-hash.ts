import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The canonical JSON text of a definition (RFC 8785: sorted keys, fixed number and string
 * forms), so that the same content always gives the same text whatever the key order.
 */
export function canonicalJson(definition: object): string {
  const text = canonicalize(definition);
  if (text === undefined) throw new Error('definition is not representable as JSON');
  return text;
}

/** sha256 (hex) of the canonical JSON: equal hashes mean equal content. */
export function contentHash(definition: object): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}
