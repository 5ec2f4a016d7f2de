import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DIALECTS } from '../support/databases.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { higressConfigurations } from '../support/corpus.ts';

/**
 * The 26 Higress configurations: each imports as YAML, exports, re-imports over its own draft,
 * and exports again byte for byte the same; the imported content is the configuration's own.
 */
describe.each(DIALECTS)('Higress corpus import and export (%s)', (dialect) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(dialect);
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  const yamlPost = (path: string, text: string) =>
    gateway.api(path, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: text,
    });

  for (const { name, text } of higressConfigurations()) {
    it(`${name}: import → export → import → export is stable`, async () => {
      const imported = await yamlPost(`/servers/import?name=${name}`, text);
      expect(imported.status, await imported.clone().text()).toBe(201);
      const server = (await imported.json()) as Record<string, unknown>;

      // The stored content is the configuration's (with the name override).
      const original = parse(text) as { server: Record<string, unknown>; tools: unknown[] };
      expect(server.server).toEqual({ ...original.server, name });
      expect(server.tools).toEqual(original.tools);

      const first = await gateway.api(`/servers/${name}/export?format=yaml`);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toMatch(/^application\/yaml/);
      const firstText = await first.text();

      const again = await yamlPost(
        `/servers/import?revision=${String(server.revision)}`,
        firstText,
      );
      expect(again.status, await again.clone().text()).toBe(200);
      // Same content: no new revision.
      expect(((await again.json()) as { revision: number }).revision).toBe(server.revision);

      const second = await gateway.api(`/servers/${name}/export?format=yaml`);
      expect(await second.text()).toBe(firstText);

      // JSON export carries the same configuration and imports as JSON too.
      const json = await (await gateway.api(`/servers/${name}/export?format=json`)).text();
      expect(JSON.parse(json)).toEqual(parse(firstText));
      const fromJson = await gateway.api('/servers/import', {
        method: 'POST',
        json: { content: json, format: 'json', name: `${name}-json` },
      });
      expect(fromJson.status, await fromJson.clone().text()).toBe(201);
      const jsonExport = await (await gateway.api(`/servers/${name}-json/export`)).text();
      expect(jsonExport).toBe(firstText.replace(`name: ${name}\n`, `name: ${name}-json\n`));
    });
  }
});
