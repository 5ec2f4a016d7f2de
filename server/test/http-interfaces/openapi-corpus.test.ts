import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR as CORPUS } from '../support/corpus.ts';
import {
  DocumentRejected,
  readDocument,
  type ReadDocument,
} from '../../src/http-interfaces/openapi/document-reading.ts';
import { exportDocument } from '../../src/http-interfaces/openapi/document-export.ts';
import { validateDocument } from '../../src/http-interfaces/openapi/document-validator.ts';
import { planImport } from '../../src/http-interfaces/openapi/import-plan.ts';
import { parseDocumentText } from '../../src/http-interfaces/openapi/document-text.ts';
import { refToPointer, valueAtPointer } from '../../src/http-interfaces/openapi/json-pointer.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const OAS_EXAMPLES = path.join(ROOT, 'node_modules/@readme/oas-examples');

function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => /\.(json|ya?ml)$/.test(file))
    .map((file) => path.join(dir, file))
    .sort();
}

const oasExamples = ['2.0', '3.0', '3.1'].flatMap((version) =>
  ['json', 'yaml'].flatMap((format) => filesUnder(path.join(OAS_EXAMPLES, version, format))),
);
const corpusDocuments = [
  ...filesUnder(path.join(CORPUS, 'openapi-to-mcpserver')).filter((f) => f.endsWith('.json')),
  ...fs
    .readdirSync(path.join(CORPUS, 'higress-mcp-servers'))
    .map((dir) => path.join(CORPUS, 'higress-mcp-servers', dir, 'api.json'))
    .filter((file) => fs.existsSync(file)),
];

/** Documents the official schema validator refuses, with the pointer it names. */
const INVALID: Record<string, string> = {
  'openapi-workshop/post.json': '/paths/~1hoot/post/responses',
  'with-ref.json': '/paths/~1api~1books~1recommendation/post/parameters/0',
};

/**
 * Valid documents with an operation the interface model cannot hold: the path template
 * `/anything/{id}/{action}/{id}` uses `{id}` twice, which interface validation refuses.
 */
const UNMAPPABLE: Record<string, string[]> = {
  'parameters-common.json': ['/paths/~1anything~1{id}~1{action}~1{id}/get'],
  'parameters-common.yaml': ['/paths/~1anything~1{id}~1{action}~1{id}/get'],
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function operationCount(document: unknown): number {
  const paths = (document as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  return Object.values(paths).reduce((count, raw) => {
    // A path item may itself be a reference to another path item of the document.
    const item = (
      typeof raw.$ref === 'string' ? valueAtPointer(document, refToPointer(raw.$ref) ?? '') : raw
    ) as Record<string, unknown>;
    return count + METHODS.filter((method) => item[method] !== undefined).length;
  }, 0);
}

function keyOf(file: string): string {
  const relative = path.relative(OAS_EXAMPLES, file);
  return relative.startsWith('..')
    ? path.basename(file)
    : relative.split(path.sep).slice(2).join('/');
}

/** What a round trip must keep: operations, their parameters and the schemas they carry. */
function essentials(read: ReadDocument) {
  return read.operations
    .map(({ definition }) => ({
      operation: `${definition.method} ${definition.path}`,
      parameters: (definition.parameters ?? []).map((p) => `${p.in}:${p.name}`),
      schemas: Object.keys(definition.components?.schemas ?? {}),
      body: Object.keys(definition.requestBody?.content ?? {}),
      responses: Object.keys(definition.responses ?? {}),
    }))
    .sort((a, b) => a.operation.localeCompare(b.operation));
}

async function roundTrip(file: string) {
  const text = fs.readFileSync(file, 'utf8');
  const key = keyOf(file);
  const invalidAt = INVALID[key];
  if (invalidAt !== undefined) {
    const error = await readDocument(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentRejected);
    expect((error as DocumentRejected).code).toBe('document_invalid');
    expect((error as DocumentRejected).problems.map((p) => p.pointer)).toContain(invalidAt);
    return;
  }
  const read = await readDocument(text);
  expect(read.errors.map((e) => e.operation)).toEqual(UNMAPPABLE[key] ?? []);
  // Every operation of the document becomes an interface (or is reported as an error).
  expect(read.operations.length + read.errors.length).toBe(operationCount(parseDocumentText(text)));

  const stored = read.operations.map((operation, index) => ({
    id: index + 1,
    definition: operation.definition,
  }));
  const exported = exportDocument(stored, { title: read.title });
  expect(await validateDocument(structuredClone(exported))).toEqual([]);

  const again = await readDocument(JSON.parse(JSON.stringify(exported)));
  expect(again.errors).toEqual([]);
  expect(essentials(again)).toEqual(essentials(read));
  // Importing the export over the first import changes nothing: every definition is equal.
  const plan = planImport(again.operations, stored);
  expect(plan.created).toEqual([]);
  expect(plan.updated).toEqual([]);
  expect(plan.skipped).toHaveLength(stored.length);
}

describe('OpenAPI round trip over @readme/oas-examples', () => {
  it('finds the example documents', () => {
    expect(oasExamples.length).toBeGreaterThan(100);
  });
  it.each(oasExamples.map((file) => [path.relative(OAS_EXAMPLES, file), file]))(
    '%s imports, exports a valid 3.1 document and re-imports unchanged',
    async (_name, file) => roundTrip(file),
  );
});

describe('OpenAPI round trip over the shared corpus', () => {
  it('finds the corpus documents', () => {
    expect(corpusDocuments.length).toBeGreaterThan(10);
  });
  it.each(corpusDocuments.map((file) => [path.relative(CORPUS, file), file]))(
    '%s imports, exports a valid 3.1 document and re-imports unchanged',
    async (_name, file) => roundTrip(file),
  );
});
