import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { DialectKind } from '../../src/db/dialect.ts';

export const DIALECTS: DialectKind[] = ['sqlite', 'postgres'];

export interface TestDatabaseTarget {
  dialect: DialectKind;
  /** Data directory (SQLite file lives here; artifacts too for either dialect). */
  dataDir: string;
  /** Set for PostgreSQL: a database of its own on the test server. */
  databaseUrl: string | undefined;
  /** Removes the data directory and drops the PostgreSQL database. */
  dispose(): Promise<void>;
}

/** A fresh, empty database of the given dialect for one test file or test. */
export async function createTestDatabase(dialect: DialectKind): Promise<TestDatabaseTarget> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-test-'));
  if (dialect === 'sqlite') {
    return {
      dialect,
      dataDir,
      databaseUrl: undefined,
      async dispose() {
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = inject('postgresUrl');
  const name = `mcpgw_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: `${adminUrl}/postgres` });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return {
    dialect,
    dataDir,
    databaseUrl: `${adminUrl}/${name}`,
    async dispose() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      const dropper = new pg.Client({ connectionString: `${adminUrl}/postgres` });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
