import type { InterfaceDefinition } from '../interface-model.ts';
import { contentHash } from '../../common/content-hash.ts';
import { canonicalJson } from './canonical-json.ts';
import type { MappedOperation } from './document-mapping.ts';
import { NameAllocator } from './interface-naming.ts';

/** An interface already stored, as the service lists it. */
export interface ExistingInterface {
  id: number;
  definition: InterfaceDefinition;
  /** The store's hash of the definition's canonical JSON, when it keeps one. */
  contentHash?: string;
}

export type InterfaceChange =
  | { kind: 'create'; definition: InterfaceDefinition }
  | { kind: 'update'; id: number; definition: InterfaceDefinition };

/** One operation in the import report. */
export interface ReportEntry {
  name: string;
  id?: number;
  pointer: string;
  method: string;
  path: string;
  operationId?: string;
}

export interface ImportPlan {
  /** The changes to apply, in document order; `entries[i]` of created/updated matches them. */
  changes: InterfaceChange[];
  created: ReportEntry[];
  updated: ReportEntry[];
  /** Operations whose interface already holds exactly this content: no revision. */
  skipped: ReportEntry[];
}

const DEFINITION_FIELDS = [
  'name',
  'method',
  'path',
  'upstream',
  'summary',
  'description',
  'tags',
  'operationId',
  'parameters',
  'requestBody',
  'responses',
  'deprecated',
  'security',
  'securitySchemes',
  'components',
] as const satisfies ReadonlyArray<keyof InterfaceDefinition>;

/** A definition with its fields in the model's order and absent fields dropped. */
export function definitionOf(stored: InterfaceDefinition): InterfaceDefinition {
  const definition: Record<string, unknown> = {};
  for (const field of DEFINITION_FIELDS) {
    if (stored[field] !== undefined && stored[field] !== null) definition[field] = stored[field];
  }
  return definition as InterfaceDefinition;
}

class ExistingIndex {
  readonly #byOperationId = new Map<string, ExistingInterface[]>();
  readonly #byMethodPath = new Map<string, ExistingInterface[]>();
  readonly #used = new Set<number>();

  constructor(existing: ExistingInterface[]) {
    for (const item of [...existing].sort((a, b) => a.id - b.id)) {
      const { operationId, method, path } = item.definition;
      if (operationId !== undefined) push(this.#byOperationId, operationId, item);
      push(this.#byMethodPath, `${method} ${path}`, item);
    }
  }

  /**
   * The stored interface an imported operation updates: same operationId, else same method and
   * path; among several, the one with the same upstream, else the oldest. Each is matched once.
   */
  match(definition: InterfaceDefinition): ExistingInterface | undefined {
    const byId =
      definition.operationId === undefined
        ? undefined
        : this.#pick(this.#byOperationId.get(definition.operationId), definition);
    const found =
      byId ??
      this.#pick(this.#byMethodPath.get(`${definition.method} ${definition.path}`), definition);
    if (found) this.#used.add(found.id);
    return found;
  }

  #pick(candidates: ExistingInterface[] | undefined, definition: InterfaceDefinition) {
    const free = (candidates ?? []).filter((item) => !this.#used.has(item.id));
    const upstream = canonicalJson(definition.upstream);
    return free.find((item) => canonicalJson(item.definition.upstream) === upstream) ?? free[0];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Decides what an import does with each mapped operation: update the interface it matches
 * (keeping that interface's name, and its upstream when the document gives none), skip it when
 * nothing would change, or create a new one under a name no other interface has.
 */
export function planImport(
  operations: MappedOperation[],
  existing: ExistingInterface[],
): ImportPlan {
  const index = new ExistingIndex(existing);
  const plan: ImportPlan = { changes: [], created: [], updated: [], skipped: [] };
  const matched = operations.map((operation) => ({
    operation,
    target: index.match(operation.definition),
  }));
  const names = new NameAllocator(existing.map((item) => item.definition.name));
  for (const { operation, target } of matched) {
    const { pointer } = operation;
    const entry = (name: string, id?: number): ReportEntry => ({
      name,
      ...(id !== undefined ? { id } : {}),
      pointer,
      method: operation.definition.method,
      path: operation.definition.path,
      ...(operation.definition.operationId !== undefined
        ? { operationId: operation.definition.operationId }
        : {}),
    });
    if (target === undefined) {
      const definition = { ...operation.definition, name: names.take(operation.definition.name) };
      plan.changes.push({ kind: 'create', definition });
      plan.created.push(entry(definition.name));
      continue;
    }
    const definition: InterfaceDefinition = {
      ...operation.definition,
      name: target.definition.name,
    };
    if (definition.upstream === undefined && target.definition.upstream) {
      definition.upstream = target.definition.upstream;
    }
    const hash = contentHash(definitionOf(definition));
    if (hash === (target.contentHash ?? contentHash(definitionOf(target.definition)))) {
      plan.skipped.push(entry(target.definition.name, target.id));
    } else {
      plan.changes.push({ kind: 'update', id: target.id, definition: definitionOf(definition) });
      plan.updated.push(entry(target.definition.name, target.id));
    }
  }
  return plan;
}
