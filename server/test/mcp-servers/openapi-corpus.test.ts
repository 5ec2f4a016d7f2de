import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mapDocument } from '../../src/http-interfaces/openapi/document-mapping.ts';
import { DIALECTS } from '../support/databases.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { OPENAPI_TO_MCP_DIR, openapiToMcpCases } from '../support/corpus.ts';
import { toolShape } from './tool-equivalence.ts';

type JsonObject = Record<string, unknown>;
type ReportEntry = { id: number };

/**
 * Higress's openapi-to-mcpserver corpus: each OpenAPI input is imported as HTTP interfaces
 * (POST /openapi/import), a server is built from them (POST /servers/from-interfaces), and
 * every tool must be semantically equivalent to the one in the converter's expected output.
 * The expected files were made without template.yaml, so it is applied only in its own test.
 */
describe.each(DIALECTS)('openapi-to-mcpserver corpus equivalence (%s)', (dialect) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(dialect);
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  /**
   * The ids of the interfaces a document gives. with-ref.json is not valid OpenAPI 3.0
   * (its header parameters have no schema): the importer rightly answers 422 where Higress's
   * converter tolerates it, so its operations are mapped with the importer's pure mapping
   * function and stored through POST /interfaces.
   */
  async function importInterfaces(name: string, text: string): Promise<number[]> {
    const response = await gateway.api('/openapi/import', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    if (response.status === 200) {
      const report = (await response.json()) as Record<string, ReportEntry[]>;
      return [...report.created!, ...report.updated!, ...report.skipped!].map((e) => e.id);
    }
    expect(response.status, await response.clone().text()).toBe(422);
    const mapped = mapDocument(JSON.parse(text) as JsonObject, '3.0');
    expect(mapped.errors).toEqual([]);
    const ids: number[] = [];
    for (const operation of mapped.operations) {
      const created = await gateway.api('/interfaces', {
        method: 'POST',
        json: { ...operation.definition, name: `${name}-${operation.definition.name}` },
      });
      expect(created.status, await created.clone().text()).toBe(201);
      ids.push(((await created.json()) as { id: number }).id);
    }
    return ids;
  }

  for (const testCase of openapiToMcpCases()) {
    it(`${testCase.name}: same tools as Higress's converter`, async () => {
      const ids = await importInterfaces(testCase.name, testCase.input);
      const response = await gateway.api('/servers/from-interfaces', {
        method: 'POST',
        json: { name: testCase.name, interfaceIds: ids },
      });
      expect(response.status, await response.clone().text()).toBe(201);
      const server = (await response.json()) as JsonObject;
      const tools = server.tools as JsonObject[];
      const schemes = (server.server as JsonObject).securitySchemes as JsonObject[] | undefined;

      const expected = parse(testCase.expected) as { server: JsonObject; tools: JsonObject[] };
      const expectedSchemes = expected.server.securitySchemes as JsonObject[] | undefined;
      expect(tools.map((t) => t.name).sort()).toEqual(expected.tools.map((t) => t.name).sort());
      for (const expectedTool of expected.tools) {
        const tool = tools.find((t) => t.name === expectedTool.name)!;
        expect(toolShape(tool, schemes), `tool ${String(expectedTool.name)}`).toEqual(
          toolShape(expectedTool, expectedSchemes),
        );
      }
    });
  }

  it('applies template.yaml to every tool when asked, as the converter option --template does', async () => {
    const petstore = openapiToMcpCases().find((c) => c.name === 'petstore')!;
    const ids = await importInterfaces('petstore', petstore.input);
    const template = parse(fs.readFileSync(path.join(OPENAPI_TO_MCP_DIR, 'template.yaml'), 'utf8'));
    const response = await gateway.api('/servers/from-interfaces', {
      method: 'POST',
      json: { name: 'petstore-templated', interfaceIds: ids, template },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const server = (await response.json()) as JsonObject;
    expect((server.server as JsonObject).config).toEqual({ apiKey: '' });
    const createPets = (server.tools as JsonObject[]).find((t) => t.name === 'createPets')!;
    expect((createPets.requestTemplate as JsonObject).headers).toEqual([
      { key: 'Content-Type', value: 'application/json' },
      { key: 'Authorization', value: 'APPCODE {{.config.apiKey}}' },
      { key: 'X-Ca-Nonce', value: '{{uuidv4}}' },
    ]);
    for (const tool of server.tools as JsonObject[]) {
      const headers = (tool.requestTemplate as JsonObject).headers as JsonObject[];
      expect(headers.map((h) => h.key)).toContain('X-Ca-Nonce');
    }
  });
});
