import type { InterfaceDefinition } from './interface-model.ts';

/**
 * The admin API's view of a stored interface: bookkeeping fields and the definition's fields
 * side by side at the top level.
 */
export type InterfaceResource = InterfaceDefinition & {
  id: number;
  revision: number;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
};

export function toResource(stored: {
  id: number;
  revision: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  definition: InterfaceDefinition;
}): InterfaceResource {
  return {
    id: stored.id,
    revision: stored.revision,
    ...stored.definition,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    ...(stored.deletedAt ? { deletedAt: stored.deletedAt } : {}),
  };
}
