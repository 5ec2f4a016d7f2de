import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR as CORPUS } from '../support/corpus.ts';
import { DIALECTS } from '../support/databases.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const OAS_EXAMPLES = path.join(ROOT, 'node_modules/@readme/oas-examples');

function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => /\.(json|ya?ml)$/.test(file))
    .map((file) => path.join(dir, file))
    .sort();
}

/**
 * The example documents, each once: a YAML file with a JSON twin holds the same document (the
 * YAML reading of all of them is covered by openapi-corpus.test.ts), so only the JSON one is
 * sent here, which halves the time this sweep takes on two databases.
 */
const oasExamples = ['2.0', '3.0', '3.1'].flatMap((version) => {
  const json = filesUnder(path.join(OAS_EXAMPLES, version, 'json'));
  const twins = new Set(json.map((file) => path.basename(file, '.json')));
  const yamlOnly = filesUnder(path.join(OAS_EXAMPLES, version, 'yaml')).filter(
    (file) => !twins.has(path.basename(file).replace(/\.ya?ml$/, '')),
  );
  return [...json, ...yamlOnly];
});

const documents = [
  ...oasExamples,
  ...filesUnder(path.join(CORPUS, 'openapi-to-mcpserver')).filter((f) => f.endsWith('.json')),
  ...fs
    .readdirSync(path.join(CORPUS, 'higress-mcp-servers'))
    .map((dir) => path.join(CORPUS, 'higress-mcp-servers', dir, 'api.json'))
    .filter((file) => fs.existsSync(file)),
];

/** The documents the standard validator refuses (see openapi-corpus.test.ts). */
const INVALID = new Set(['openapi-workshop/post.json', 'with-ref.json']);

interface Report {
  counts: Record<'created' | 'updated' | 'skipped' | 'errors', number>;
  created: Array<{ id?: number }>;
  errors: unknown[];
}

/**
 * Every corpus document through the HTTP API and the database: import, export what was stored,
 * and dry-run the export against the store: everything must come back unchanged.
 */
describe.each(DIALECTS)('OpenAPI corpus through the admin API on %s', (dialect) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(dialect);
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('imports, exports and re-imports every document', { timeout: 300_000 }, async () => {
    const interfaces = gateway.services.httpInterfaces;
    let imported = 0;
    for (const file of documents) {
      const name = path.basename(path.dirname(file)) + '/' + path.basename(file);
      const text = fs.readFileSync(file, 'utf8');
      const response = await gateway.api('/openapi/import?skipInvalid=true', {
        method: 'POST',
        headers: {
          'content-type': file.endsWith('.json') ? 'application/json' : 'application/yaml',
        },
        body: text,
      });
      if ([...INVALID].some((invalid) => file.endsWith(invalid))) {
        expect(response.status, name).toBe(422);
        continue;
      }
      expect(response.status, name).toBe(200);
      const report = (await response.json()) as Report;
      expect(report.counts.created, name).toBe(report.created.length);
      imported++;

      const exported = await gateway.api('/openapi/export');
      expect(exported.status, name).toBe(200);
      // Its validity is checked document by document in openapi-corpus.test.ts; here the
      // dry run proves the stored interfaces equal what the document maps to.
      const exportedText = await exported.text();
      const again = await gateway.api('/openapi/import?dryRun=true', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: exportedText,
      });
      const againReport = (await again.json()) as Report;
      expect(againReport.counts, name).toEqual(
        expect.objectContaining({
          created: 0,
          updated: 0,
          skipped: report.counts.created,
          errors: 0,
        }),
      );

      for (const item of await interfaces.findAllDefinitions()) {
        await interfaces.delete(item.id, item.revision);
      }
    }
    expect(imported).toBe(documents.length - INVALID.size);
  });
});
