/** Interface names derived from operations: the operationId, else the method and path. */

const NAME_MAX_LENGTH = 200;

function squeeze(text: string): string {
  return text
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, NAME_MAX_LENGTH);
}

/**
 * `listPets` stays `listPets`; `repos/get-content` becomes `repos_get_content`; without an
 * operationId, `GET /pets/{id}` becomes `get_pets_id`.
 */
export function baseInterfaceName(method: string, path: string, operationId?: string): string {
  const fromId = operationId === undefined ? '' : squeeze(operationId);
  if (fromId !== '') return fromId;
  return squeeze(`${method} ${path}`.toLowerCase()) || method.toLowerCase();
}

/** Hands out names, suffixing `_2`, `_3`, ... to a name already taken. */
export class NameAllocator {
  readonly #taken = new Set<string>();

  constructor(taken: Iterable<string> = []) {
    for (const name of taken) this.#taken.add(name);
  }

  take(base: string): string {
    let name = base;
    for (let n = 2; this.#taken.has(name); n++) {
      const suffix = `_${n}`;
      name = base.slice(0, NAME_MAX_LENGTH - suffix.length) + suffix;
    }
    this.#taken.add(name);
    return name;
  }
}
