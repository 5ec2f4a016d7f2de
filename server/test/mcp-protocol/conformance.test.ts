/**
 * Runs the official MCP conformance suite (@modelcontextprotocol/conformance, pinned in
 * package.json) against the gateway serving the fixture catalog, once per protocol revision the
 * gateway claims. Known failures live in conformance/expected-failures-<revision>.yml with their
 * reasons; the CLI exits non-zero on any other failure and on a baselined entry that passes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../support/conformance-cli.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { FixtureCatalog } from '../support/mcp-fixture-catalog.ts';

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

describe('official MCP conformance suite', () => {
  for (const revision of ['2025-11-25', '2026-07-28']) {
    it(
      `passes --requirements ${revision} outside the expected-failures baseline`,
      { timeout: 180_000 },
      async () => {
        const { code, output } = await runConformance({
          url: `${gateway.dataPlaneUrl}/mcp/fixture`,
          revision,
          baseline: `expected-failures-${revision}.yml`,
          outputDir,
        });
        const summary = output.slice(output.indexOf('=== SUMMARY'));
        expect(code, summary).toBe(0);
        expect(output).toContain('Baseline check passed');
      },
    );
  }
});
