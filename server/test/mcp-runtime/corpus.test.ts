// Every one of the 26 Higress configurations of the shared corpus, imported through the model's
// YAML import code, compiles, loads, describes its tools, and each tool's call renders a request
// that reaches a loopback mock upstream (the configuration's origins rewritten to it) and
// shapes the fixture response into a result.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileServer } from '../../src/mcp/compiler/compile-server.ts';
import {
  checkDefinitionSchema,
  validateDefinition,
} from '../../src/mcp/servers/definition-validation.ts';
import type { ServerDefinition } from '../../src/mcp/servers/model.ts';
import { extractInlineCredentials } from '../../src/mcp/servers/secret-references.ts';
import { checkTemplates } from '../../src/mcp/servers/template-check.ts';
import { parseConfigText } from '../../src/mcp/servers/yaml/higress-import.ts';
import { ServerInstance } from '../../src/mcp/runtime/server-instance.ts';
import { defaultEnvironment, seededRandom } from '../../src/mcp/runtime/wasm-host.ts';
import { higressConfigurations, HIGRESS_DIR } from '../support/corpus.ts';
import { callContext, fetchPerformer, startUpstream, text, type Upstream } from './support.ts';

const FIXTURES = join(import.meta.dirname, '../templates/fixtures/corpus');

interface Fixture {
  config: Record<string, unknown>;
  args: Record<string, unknown>;
  response?: unknown;
  responseMustContain?: string[];
}

/** Tools whose response template fails whatever the data (see templates/corpus-templates.test.ts). */
const KNOWN_BROKEN: Record<string, string> = {
  'mcp-openweather/get_weather_forecast': 'index',
};

/** The clock and random source the fixtures were written for. */
const HOST = {
  now: () => Date.parse('2024-05-06T07:08:09Z'),
  randomFill: seededRandom(7),
  log: defaultEnvironment.log,
};

const ORIGIN = /^(https?:)?\/\/[^/]*/;

/** The definition with every upstream origin (and relative URL) pointed at the mock. */
function pointedAt(definition: ServerDefinition, origin: string, config: Record<string, unknown>) {
  const copy = structuredClone(definition);
  const merged: Record<string, unknown> = { ...copy.server.config, ...config };
  for (const [key, value] of Object.entries(merged)) {
    if (typeof value === 'string' && /^https?:\/\//.test(value))
      merged[key] = value.replace(ORIGIN, origin);
  }
  copy.server.config = merged;
  for (const tool of copy.tools ?? []) {
    const request = tool.requestTemplate;
    if (!request || request.url.startsWith('{{')) continue;
    request.url =
      request.url.startsWith('/') && !request.url.startsWith('//')
        ? origin + request.url
        : request.url.replace(ORIGIN, origin);
  }
  return copy;
}

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(() => upstream.close());

describe('Higress corpus through the Wasm runtime', () => {
  const configurations = higressConfigurations();

  it('has the 26 configurations', () => {
    expect(configurations).toHaveLength(26);
    expect(HIGRESS_DIR).toContain('higress-mcp-servers');
  });

  for (const { name, text: yaml } of configurations) {
    it(`${name}: imports, compiles, loads, describes and calls every tool`, async () => {
      const value = parseConfigText(yaml).value;
      expect(checkDefinitionSchema(value)).toEqual([]);
      const definition = value as ServerDefinition;
      const extracted = extractInlineCredentials({ ...definition, tools: definition.tools ?? [] });
      expect(validateDefinition(extracted.definition, checkTemplates)).toEqual([]);

      const tools = extracted.definition.tools ?? [];
      const fixtures = new Map<string, Fixture>();
      let config: Record<string, unknown> = {};
      for (const tool of tools) {
        const fixture = JSON.parse(
          readFileSync(join(FIXTURES, name, `${tool.name}.json`), 'utf8'),
        ) as Fixture;
        fixtures.set(tool.name, fixture);
        config = { ...config, ...fixture.config };
      }

      const artifact = compileServer(pointedAt(extracted.definition, upstream.origin, config), {
        version: 1,
      });
      const again = compileServer(pointedAt(extracted.definition, upstream.origin, config), {
        version: 1,
      });
      expect(again.contentHash).toBe(artifact.contentHash);
      const instance = await ServerInstance.load(artifact.bytes, {
        secrets: extracted.secrets,
        host: HOST,
      });
      expect(instance.description.name).toBe(extracted.definition.server.name);
      expect(instance.description.tools.map((t) => t.name)).toEqual(tools.map((t) => t.name));

      for (const tool of tools) {
        const key = `${name}/${tool.name}`;
        const fixture = fixtures.get(tool.name)!;
        upstream.requests.length = 0;
        upstream.reply = {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(fixture.response ?? { ok: true }),
        };
        const result = await instance.callTool(
          tool.name,
          fixture.args,
          callContext(fetchPerformer(), { 'x-forwarded-for': '198.51.100.7' }),
        );
        if (tool.requestTemplate?.url) {
          expect(upstream.requests, `${key}: ${text(result)}`).toHaveLength(1);
          expect(upstream.requests[0]!.method).toBe(tool.requestTemplate.method);
        } else expect(upstream.requests).toHaveLength(0);
        if (KNOWN_BROKEN[key]) {
          expect(result.isError).toBe(true);
          expect(text(result)).toContain(KNOWN_BROKEN[key]);
          continue;
        }
        expect(result.isError, `${key}: ${text(result)}`).toBeUndefined();
        expect(text(result).trim()).not.toBe('');
        for (const expected of fixture.responseMustContain ?? [])
          expect(text(result)).toContain(expected);
      }
    });
  }
});
