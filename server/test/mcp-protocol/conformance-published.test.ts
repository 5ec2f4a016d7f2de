/**
 * The official MCP conformance suite against a server published the way users publish them: a
 * Higress YAML configuration (test/fixtures/conformance-server.yaml) imported and published
 * through the admin API, compiled to Wasm and served by the runtime, calling a loopback
 * upstream. Known failures, with reasons, live in
 * conformance/published-expected-failures-<revision>.yml.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../support/conformance-cli.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { json, startLoopback, type LoopbackServer } from '../mcp-publish/support.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const fixture = path.join(here, '..', 'fixtures', 'conformance-server.yaml');

// The same bytes the conformance scenarios expect back (a 1×1 PNG and an empty WAV).
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);
const WAV_EMPTY = Buffer.from(
  'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=',
  'base64',
);

let gateway: TestGateway;
let upstream: LoopbackServer;
let outputDir: string;

beforeAll(async () => {
  upstream = await startLoopback((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    if (url.pathname === '/image.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(PNG_1X1);
    } else if (url.pathname === '/audio.wav') {
      res.writeHead(200, { 'content-type': 'audio/wav' });
      res.end(WAV_EMPTY);
    } else {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"intentional"}');
    }
  });
  gateway = await startTestGateway('sqlite');
  const yaml = fs
    .readFileSync(fixture, 'utf8')
    .replaceAll('http://conformance-upstream.invalid', upstream.origin);
  const imported = await gateway.api('/servers/import', {
    method: 'POST',
    json: { content: yaml },
  });
  const server = await json(imported);
  expect(imported.status, JSON.stringify(server)).toBe(201);
  const published = await gateway.api('/servers/conformance/publish', {
    method: 'POST',
    json: { revision: server.revision },
  });
  expect(published.status, JSON.stringify(await json(published.clone()))).toBe(201);
  outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-conformance-published-'));
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
  if (outputDir) fs.rmSync(outputDir, { recursive: true, force: true });
});

describe('official MCP conformance suite against a published YAML server', () => {
  for (const revision of ['2025-11-25', '2026-07-28']) {
    it(
      `passes --requirements ${revision} outside the expected-failures baseline`,
      { timeout: 180_000 },
      async () => {
        const { code, output } = await runConformance({
          url: `${gateway.dataPlaneUrl}/mcp/conformance`,
          revision,
          baseline: `published-expected-failures-${revision}.yml`,
          outputDir,
        });
        const summary = output.slice(output.indexOf('=== SUMMARY'));
        expect(code, summary).toBe(0);
        expect(output).toContain('Baseline check passed');
      },
    );
  }
});
