import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';

export type DialectKind = 'sqlite' | 'postgres';

/** Adds an auto-incrementing integer primary key named `id`, spelled as each dialect wants. */
export function addIdColumn<T extends string>(
  table: CreateTableBuilder<T, never>,
  dialect: DialectKind,
): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (c: ColumnDefinitionBuilder) => c.primaryKey())
    : table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) =>
        c.primaryKey().autoIncrement(),
      );
}

/** True when an error from either driver is a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errcode?: number; message?: string };
  if (e?.code === '23505') return true; // PostgreSQL unique_violation
  return typeof e?.message === 'string' && /UNIQUE constraint failed/i.test(e.message);
}
