import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { ServerDefinition } from './model.ts';

/** RFC 8785 canonical JSON: the same content gives the same text whatever the key order. */
export function canonicalJson(definition: ServerDefinition): string {
  const text = canonicalize(definition);
  if (text === undefined) throw new Error('definition is not representable as JSON');
  return text;
}

/** sha256 (hex) of the canonical JSON: equal hashes mean equal content. */
export function contentHash(definition: ServerDefinition): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}
