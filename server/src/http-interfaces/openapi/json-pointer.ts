/** JSON pointers (RFC 6901) and local `$ref`s (`#/...`) into a parsed document. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Appends tokens to a pointer: `pointerTo('/paths', '/pets/{id}')` → `/paths/~1pets~1{id}`. */
export function pointerTo(base: string, ...tokens: Array<string | number>): string {
  let pointer = base;
  for (const token of tokens) pointer += '/' + escapePointerToken(String(token));
  return pointer;
}

/**
 * The JSON pointer a local `$ref` names (`#/components/schemas/Pet` → `/components/schemas/Pet`),
 * or undefined when the reference is not local to the document (another file or a URL).
 */
export function refToPointer(ref: string): string | undefined {
  if (!ref.startsWith('#')) return undefined;
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (fragment !== '' && !fragment.startsWith('/')) return undefined;
  return fragment;
}

/** The value at a JSON pointer, or undefined when the pointer leads nowhere. */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let current: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = unescapePointerToken(raw);
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (isObject(current)) {
      if (!Object.hasOwn(current, token)) return undefined;
      current = current[token];
    } else {
      return undefined;
    }
  }
  return current;
}

const COMPONENT_SCHEMA_PREFIX = '/components/schemas/';

/** The component schema name a `$ref` names (`#/components/schemas/Pet` → `Pet`), if it does. */
export function componentSchemaName(ref: string): string | undefined {
  const pointer = refToPointer(ref);
  if (pointer === undefined || !pointer.startsWith(COMPONENT_SCHEMA_PREFIX)) return undefined;
  const rest = pointer.slice(COMPONENT_SCHEMA_PREFIX.length);
  if (rest === '' || rest.includes('/')) return undefined;
  return unescapePointerToken(rest);
}

/** The `$ref` naming a component schema, in its canonical spelling. */
export function componentSchemaRef(name: string): string {
  return '#' + COMPONENT_SCHEMA_PREFIX + escapePointerToken(name);
}
