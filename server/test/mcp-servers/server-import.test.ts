import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CONFIG = `server:
  name: imported
  config:
    apiKey: ""
tools:
  - name: lookup
    description: Look something up
    args:
      - name: q
        type: string
        required: true
        position: query
    requestTemplate:
      url: https://api.example.test/lookup
      method: GET
`;

describe.each(DIALECTS)('Higress configuration import (%s)', (dialect) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(dialect);
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  const importYaml = async (text: string, query = '') => {
    const response = await gateway.api(`/servers/import${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: text,
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  it('imports YAML text, a JSON object, or {content, name, format}', async () => {
    const yaml = await importYaml(CONFIG);
    expect(yaml.status).toBe(201);
    expect(yaml.body).toMatchObject({ name: 'imported', revision: 1 });

    const object = await gateway.api('/servers/import?name=imported-object', {
      method: 'POST',
      json: { server: { name: 'ignored' }, tools: [] },
    });
    expect(object.status).toBe(201);
    expect(((await object.json()) as Json).server.name).toBe('imported-object');

    const wrapped = await gateway.api('/servers/import', {
      method: 'POST',
      json: { content: CONFIG, name: 'imported-wrapped', format: 'yaml', message: 'from Higress' },
      headers: { 'x-author': 'cy' },
    });
    expect(wrapped.status).toBe(201);
    const revisions = (await (
      await gateway.api('/servers/imported-wrapped/revisions')
    ).json()) as Json;
    expect(revisions.items[0]).toMatchObject({
      action: 'import',
      author: 'cy',
      message: 'from Higress',
    });
  });

  it('asks for the revision before importing over an existing draft', async () => {
    await importYaml(CONFIG, '?name=over');
    const refused = await importYaml(CONFIG.replace('Look something up', 'Changed'), '?name=over');
    expect(refused.status).toBe(409);
    expect(refused.body.current).toMatchObject({ name: 'over', revision: 1 });
    const stale = await importYaml(
      CONFIG.replace('Look something up', 'Changed'),
      '?name=over&revision=7',
    );
    expect(stale.status).toBe(409);
    const accepted = await importYaml(
      CONFIG.replace('Look something up', 'Changed'),
      '?name=over&revision=1',
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ revision: 2 });
    expect(accepted.body.tools[0].description).toBe('Changed');
  });

  it('reports YAML syntax errors with line and column', async () => {
    const broken = await importYaml('server:\n  name: x\ntools: [\n  - name: a\n');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_document');
    expect(broken.body.error.details[0]).toMatchObject({
      line: expect.any(Number),
      column: expect.any(Number),
    });
  });

  it('reports invalid content with a JSON pointer and the line and column in the document', async () => {
    const text = CONFIG.replace('position: query', 'position: form').replace(
      'method: GET',
      'method: FETCH',
    );
    const invalid = await importYaml(text, '?name=invalid-import');
    expect(invalid.status).toBe(400);
    const details = invalid.body.error.details as Json[];
    expect(details).toContainEqual(
      expect.objectContaining({
        in: 'document',
        path: '/tools/0/args/0/position',
        line: 12,
        column: 19,
        tool: 'lookup',
      }),
    );
    expect(details).toContainEqual(
      expect.objectContaining({ path: '/tools/0/requestTemplate/method', line: 15, column: 15 }),
    );
    expect((await gateway.api('/servers/invalid-import')).status).toBe(404);
  });

  it('places template syntax errors in the document and in the template', async () => {
    const text = `server:
  name: templated-import
tools:
  - name: render
    requestTemplate:
      url: https://api.example.test/x
      method: GET
      headers:
        - key: Authorization
          value: "Bearer {{ .config.token "
    responseTemplate:
      body: |
        Result:
        {{ range .items }}{{ .name }}
`;
    const response = await importYaml(text);
    expect(response.status).toBe(400);
    const details = response.body.error.details as Json[];
    expect(details).toEqual([
      expect.objectContaining({
        path: '/tools/0/requestTemplate/headers/0/value',
        tool: 'render',
        field: 'requestTemplate.headers[0].value',
        line: 10,
        column: expect.any(Number),
        templateLine: 1,
      }),
      expect.objectContaining({
        path: '/tools/0/responseTemplate/body',
        field: 'responseTemplate.body',
        // The unclosed range is reported at the end of the text: after its last line.
        templateLine: 3,
        line: 15,
      }),
    ]);
    // Columns map one to one: the header value starts after `value: "` at column 19.
    expect(details[0]!.column).toBe(18 + details[0]!.templateColumn);
    expect(details[1]!.column).toBe(8 + details[1]!.templateColumn);
  });

  it('rejects a bad name override and a bad format', async () => {
    expect((await importYaml(CONFIG, '?name=Not%20Valid')).status).toBe(400);
    const format = await gateway.api('/servers/import', {
      method: 'POST',
      json: { content: CONFIG, format: 'toml' },
    });
    expect(format.status).toBe(400);
    const badJson = await gateway.api('/servers/import', {
      method: 'POST',
      json: { content: '{"server": ', format: 'json' },
    });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as Json).error.details[0].path).toBe('/content');
  });
});
