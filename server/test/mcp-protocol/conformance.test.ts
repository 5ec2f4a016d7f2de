/**
 * Runs the official MCP conformance suite (@modelcontextprotocol/conformance, pinned in
 * package.json) against the gateway serving the fixture catalog, once per protocol revision the
 * gateway claims. Known failures live in conformance/expected-failures-<revision>.yml with their
 * reasons; the CLI exits non-zero on any other failure and on a baselined entry that passes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { FixtureCatalog } from '../support/mcp-fixture-catalog.ts';

const require = createRequire(import.meta.url);
const conformanceCli = path.join(
  path.dirname(require.resolve('@modelcontextprotocol/conformance/package.json')),
  'dist/index.js',
);
const baselineDir = path.join(path.dirname(new URL(import.meta.url).pathname), 'conformance');

let gateway: TestGateway;
let outputDir: string;

beforeAll(async () => {
  gateway = await startTestGateway('sqlite', {}, { toolCatalog: new FixtureCatalog() });
  outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-conformance-'));
});
afterAll(async () => {
  await gateway?.stop();
  if (outputDir) fs.rmSync(outputDir, { recursive: true, force: true });
});

function runConformance(revision: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // Node ≥ 22 is required by the suite; this is the Node running the tests (24).
    const child = spawn(
      process.execPath,
      [
        conformanceCli,
        'server',
        '--url',
        `${gateway.dataPlaneUrl}/mcp/fixture`,
        '--requirements',
        revision,
        '--expected-failures',
        path.join(baselineDir, `expected-failures-${revision}.yml`),
        '--output-dir',
        path.join(outputDir, revision),
      ],
      {
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('official MCP conformance suite', () => {
  for (const revision of ['2025-11-25', '2026-07-28']) {
    it(
      `passes --requirements ${revision} outside the expected-failures baseline`,
      { timeout: 180_000 },
      async () => {
        const { code, output } = await runConformance(revision);
        const summary = output.slice(output.indexOf('=== SUMMARY'));
        expect(code, summary).toBe(0);
        expect(output).toContain('Baseline check passed');
      },
    );
  }
});
