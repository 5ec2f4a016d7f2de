import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDocument } from '../../src/http-interfaces/openapi/document-validator.ts';
import { DIALECTS } from '../support/databases.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

/** GitHub's REST API description: OpenAPI 3.0.3, over a thousand operations, 13 MB. */
const GITHUB_DESCRIPTION = path.resolve(
  import.meta.dirname,
  '../../../node_modules/@octokit/openapi/generated/api.github.com.json',
);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Report {
  counts: Record<'created' | 'updated' | 'skipped' | 'warnings' | 'errors', number>;
  errors: unknown[];
}

describe.each(DIALECTS)("GitHub's OpenAPI description on %s", (dialect) => {
  let gateway: TestGateway;
  const text = fs.readFileSync(GITHUB_DESCRIPTION, 'utf8');
  const document = JSON.parse(text) as { paths: Record<string, Record<string, unknown>> };
  const operations = Object.values(document.paths).reduce(
    (count, item) => count + METHODS.filter((method) => item[method] !== undefined).length,
    0,
  );

  beforeAll(async () => {
    gateway = await startTestGateway(dialect);
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('imports completely: every operation becomes an interface', { timeout: 120_000 }, async () => {
    expect(operations).toBeGreaterThan(1000);
    const response = await gateway.api('/openapi/import', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    expect(report.errors).toEqual([]);
    expect(report.counts).toMatchObject({ created: operations, updated: 0, skipped: 0 });
    const page = (await (await gateway.api('/interfaces?pageSize=1')).json()) as { total: number };
    expect(page.total).toBe(operations);
  });

  it(
    'exports a valid OpenAPI 3.1 document that re-imports unchanged',
    { timeout: 120_000 },
    async () => {
      const exported = await gateway.api('/openapi/export');
      expect(exported.status).toBe(200);
      const exportedText = await exported.text();
      expect(await validateDocument(JSON.parse(exportedText))).toEqual([]);
      const response = await gateway.api('/openapi/import?dryRun=true', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: exportedText,
      });
      const report = (await response.json()) as Report;
      expect(report.counts).toMatchObject({
        created: 0,
        updated: 0,
        skipped: operations,
        errors: 0,
      });
    },
  );
});
