import type { Generated } from 'kysely';

/**
 * The tables of the HTTP interface module. Definitions are stored as JSON text (the same on
 * SQLite and PostgreSQL, and byte-for-byte what was saved); the columns beside it copy the
 * fields that lists filter and sort on.
 */
export interface HttpInterfacesTable {
  id: Generated<number>;
  name: string;
  method: string;
  path: string;
  operation_id: string | null;
  summary: string | null;
  description: string | null;
  /** Lower-cased name, path, summary, operationId and description, for case-insensitive search. */
  search_text: string;
  definition: string;
  /** Number of the current revision; the optimistic lock. */
  revision: number;
  content_hash: string;
  /** ISO 8601 UTC timestamps as text, identical on both dialects. */
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** One tag of one interface (the definition's `tags`), for exact tag filters. */
export interface HttpInterfaceTagsTable {
  interface_id: number;
  tag: string;
}

export type RevisionAction = 'create' | 'update' | 'delete' | 'restore' | 'rollback';

/** Every saved state of an interface; rows are only ever inserted. */
export interface HttpInterfaceRevisionsTable {
  interface_id: number;
  revision: number;
  definition: string;
  content_hash: string;
  action: RevisionAction;
  author: string | null;
  message: string | null;
  created_at: string;
}

export interface HttpInterfaceTables {
  http_interfaces: HttpInterfacesTable;
  http_interface_tags: HttpInterfaceTagsTable;
  http_interface_revisions: HttpInterfaceRevisionsTable;
}
