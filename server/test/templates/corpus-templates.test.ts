// Every template of the 26 Higress MCP server configurations in the shared corpus parses and
// renders, against plausible data (fixtures/corpus/<server>/<tool>.json, generated once by
// tools/corpus-template-fixtures/generate.ts), and the output holds the values put in the data.
import { HIGRESS_DIR } from '../support/corpus.ts';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderTemplate, type RenderResult } from '../../src/mcp/templates/render.ts';

const CORPUS = HIGRESS_DIR;
const FIXTURES = join(import.meta.dirname, 'fixtures/corpus');
const FIXED_NOW = Date.parse('2024-05-06T07:08:09Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Tool {
  name: string;
  requestTemplate?: { url?: string; headers?: { key: string; value: string }[]; body?: string };
  responseTemplate?: { body?: string; prependBody?: string; appendBody?: string };
  errorResponseTemplate?: string;
}
interface Fixture {
  config: Record<string, unknown>;
  args: Record<string, unknown>;
  response?: unknown;
  responseMustContain?: string[];
  errorResponse?: unknown;
}

/**
 * Corpus templates that cannot render, whatever the data: the failure is the right outcome and
 * is asserted, so that a change is noticed.
 */
const KNOWN_BROKEN: Record<string, { template: string; error: string; why: string }> = {
  'mcp-openweather/get_weather_forecast': {
    template: 'response',
    error: 'index',
    why: '`(index $item.weather0)` (a missing space in `$item.weather 0`) indexes a missing value; Go fails with "index of untyped nil" and gjson_template with "wrong number of args for index".',
  },
};

/**
 * Request bodies that look like JSON but are not valid JSON by construction of the corpus
 * template itself, whatever the arguments.
 */
const NOT_JSON_BY_CONSTRUCTION: Record<string, string> = {
  'mcp-github/push_files':
    '"tree": "{{.args.files | toJson}}" puts a JSON array inside a string literal.',
};

/** `{{ .args.x }}` and `{{ .config.x }}` printed as is: their value must appear in the output. */
function plainlyPrinted(
  template: string,
  data: { config: Record<string, unknown>; args: Record<string, unknown> },
): string[] {
  const values: string[] = [];
  for (const match of template.matchAll(/\{\{-?\s*\.(args|config)\.(\w+)\s*-?\}\}/g)) {
    const value = data[match[1] as 'args' | 'config'][match[2]!];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      values.push(String(value));
  }
  return values;
}

function expectRendered(result: RenderResult, what: string): string {
  if (!result.ok) {
    const problems = result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ');
    expect.fail(`${what}: ${result.phase} error: ${problems}`);
  }
  return result.output;
}

const servers = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .filter((name) => existsSync(join(CORPUS, name, 'mcp-server.yaml')))
      .sort()
  : [];

describe('corpus templates', () => {
  it('finds the 26 corpus configurations and a fixture for each of their tools', () => {
    expect(servers).toHaveLength(26);
    let tools = 0;
    for (const server of servers) {
      const doc = parse(readFileSync(join(CORPUS, server, 'mcp-server.yaml'), 'utf8')) as {
        tools?: Tool[];
      };
      for (const tool of doc.tools ?? []) {
        tools++;
        expect(
          existsSync(join(FIXTURES, server, `${tool.name}.json`)),
          `fixture for ${server}/${tool.name}`,
        ).toBe(true);
      }
    }
    expect(tools).toBe(206);
  });

  it('ip-query falls back to the client address (getRealIP) when no ip is given', async () => {
    const doc = parse(readFileSync(join(CORPUS, 'mcp-ip-query', 'mcp-server.yaml'), 'utf8')) as {
      tools: Tool[];
    };
    const body = doc.tools.find((tool) => tool.name === 'ip-address-query')!.requestTemplate!.body!;
    const result = await renderTemplate(
      body,
      { config: { appCode: 'c' }, args: { ip: '' } },
      { realIP: '198.51.100.23' },
    );
    expect(expectRendered(result, 'ip-query body').trim()).toBe('ip=198.51.100.23');
  });

  it('calendar holiday list defaults the year to the current one', async () => {
    const doc = parse(
      readFileSync(join(CORPUS, 'mcp-calendar-holiday-helper', 'mcp-server.yaml'), 'utf8'),
    ) as { tools: Tool[] };
    const body = doc.tools.find((tool) => tool.name === 'chinese-holiday-list')!.requestTemplate!
      .body!;
    const result = await renderTemplate(
      body,
      { config: {}, args: {} },
      { now: Date.parse('2031-07-01T00:00:00Z') },
    );
    expect(expectRendered(result, 'holiday body').trim()).toBe('year=2031');
  });

  for (const server of servers) {
    const doc = parse(readFileSync(join(CORPUS, server, 'mcp-server.yaml'), 'utf8')) as {
      tools?: Tool[];
    };
    describe(server, () => {
      for (const tool of doc.tools ?? []) {
        it(tool.name, async () => {
          const key = `${server}/${tool.name}`;
          const fixture = JSON.parse(
            readFileSync(join(FIXTURES, server, `${tool.name}.json`), 'utf8'),
          ) as Fixture;
          const requestData = { config: fixture.config, args: fixture.args };
          const options = { now: FIXED_NOW, randomSeed: 7 };
          const request = tool.requestTemplate;
          let rendered = 0;

          if (request?.url) {
            const url = expectRendered(
              await renderTemplate(request.url, requestData, options),
              `${key} url`,
            );
            rendered++;
            expect(url.trim()).not.toBe('');
            if (/^https?:/.test(request.url)) expect(url).toMatch(/^https?:\/\/[^\s/]+/);
            for (const value of plainlyPrinted(request.url, requestData))
              expect(url).toContain(value);
            for (const header of request.headers ?? []) {
              const value = expectRendered(
                await renderTemplate(header.value, requestData, options),
                `${key} header ${header.key}`,
              );
              rendered++;
              if (/\{\{\s*uuidv4\s*\}\}/.test(header.value) && header.value.trim().startsWith('{{'))
                expect(value).toMatch(UUID);
              if (header.value.trim() !== '') expect(value.trim()).not.toBe('');
              for (const v of plainlyPrinted(header.value, requestData)) expect(value).toContain(v);
            }
            if (request.body) {
              const body = expectRendered(
                await renderTemplate(request.body, requestData, options),
                `${key} body`,
              );
              rendered++;
              expect(body.trim()).not.toBe('');
              for (const v of plainlyPrinted(request.body, requestData)) expect(body).toContain(v);
              if (/^\s*[[{]/.test(request.body) && !(key in NOT_JSON_BY_CONSTRUCTION)) {
                expect(() => JSON.parse(body), `${key} body is JSON:\n${body}`).not.toThrow();
              }
              if (key in NOT_JSON_BY_CONSTRUCTION) expect(() => JSON.parse(body)).toThrow();
            }
          }

          const response = tool.responseTemplate ?? {};
          // A tool without an upstream call renders its response template over {config, args}.
          const responseData = request?.url ? fixture.response : requestData;
          if (response.body) {
            const result = await renderTemplate(response.body, responseData ?? {}, options);
            rendered++;
            const broken = KNOWN_BROKEN[key];
            if (broken?.template === 'response') {
              expect(result.ok, broken.why).toBe(false);
              if (!result.ok)
                expect(result.diagnostics.map((d) => d.message).join(' ')).toContain(broken.error);
            } else {
              const output = expectRendered(result, `${key} response`);
              expect(output.trim()).not.toBe('');
              for (const expected of fixture.responseMustContain ?? [])
                expect(output).toContain(expected);
            }
          }
          for (const part of ['prependBody', 'appendBody'] as const) {
            const text = response[part];
            if (!text) continue;
            const output = expectRendered(
              await renderTemplate(text, responseData ?? {}, options),
              `${key} ${part}`,
            );
            rendered++;
            expect(output.trim()).not.toBe('');
            // The corpus's prepend and append texts have no actions: they render as themselves.
            if (!text.includes('{{')) expect(output).toBe(text);
          }
          if (tool.errorResponseTemplate) {
            const output = expectRendered(
              await renderTemplate(
                tool.errorResponseTemplate,
                fixture.errorResponse ?? {},
                options,
              ),
              `${key} errorResponseTemplate`,
            );
            rendered++;
            expect(output.trim()).not.toBe('');
          }
          expect(rendered, `${key} has at least one template`).toBeGreaterThan(0);
        });
      }
    });
  }
});
