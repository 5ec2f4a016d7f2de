/**
 * Tool names: `[A-Za-z0-9_.-]`, at most 128 characters, unique in their server. The operationId
 * when the interface has one, else the method and path (`GET /pets/{petId}` → `get_pets_petId`).
 */

export const MAX_TOOL_NAME_LENGTH = 128;

export function normalizeToolName(raw: string): string {
  const name = raw
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[_.-]+|[_.-]+$/g, '')
    .slice(0, MAX_TOOL_NAME_LENGTH);
  return name === '' ? 'tool' : name;
}

export function toolNameFor(method: string, path: string, operationId?: string): string {
  if (operationId !== undefined && operationId.trim() !== '') return normalizeToolName(operationId);
  return normalizeToolName(`${method.toLowerCase()}_${path}`);
}

/** Hands out names, adding `_2`, `_3`… to a name already taken (within the length limit). */
export class ToolNameAllocator {
  readonly #taken = new Set<string>();

  constructor(taken: Iterable<string> = []) {
    for (const name of taken) this.#taken.add(name);
  }

  allocate(base: string): string {
    let name = base;
    for (let n = 2; this.#taken.has(name); n++) {
      const suffix = `_${n}`;
      name = base.slice(0, MAX_TOOL_NAME_LENGTH - suffix.length) + suffix;
    }
    this.#taken.add(name);
    return name;
  }
}
