// Generates the fixtures of the corpus render test (server/test/templates/corpus-templates.test.ts):
// one JSON file per tool of every configuration in test/fixtures/corpus/higress-mcp-servers, with
// plausible `config` and `args` for the request templates and a representative upstream
// `response` for the response templates (from the api.json response schema where one exists,
// else written by hand in responses.ts). Run once; the output is committed.
//   npx node tools/corpus-template-fixtures/generate.ts [corpus-dir] [fixtures-dir]
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { HAND_RESPONSES } from './responses.ts';

const corpusDir =
  process.argv[2] ??
  new URL('../../test/fixtures/corpus/higress-mcp-servers', import.meta.url).pathname;
const fixturesDir =
  process.argv[3] ?? join(import.meta.dirname, '../../server/test/templates/fixtures/corpus');

interface ToolArg {
  name: string;
  type?: string;
  enum?: unknown[];
  default?: unknown;
  items?: { type?: string; properties?: Record<string, { type?: string }> };
  properties?: Record<string, { type?: string }>;
}
interface Tool {
  name: string;
  args?: ToolArg[];
  requestTemplate?: {
    url?: string;
    method?: string;
    headers?: { key: string; value: string }[];
    body?: string;
  };
  responseTemplate?: { body?: string; prependBody?: string; appendBody?: string };
  errorResponseTemplate?: string;
}
type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  example?: unknown;
  enum?: unknown[];
  $ref?: string;
};

/** A value that reads as what the argument names, without characters that URLs or JSON would escape. */
function sampleString(name: string): string {
  const n = name.toLowerCase();
  if (n.includes('date') && !n.includes('update')) return '20240506';
  if (n === 'year' || n.endsWith('year')) return '2024';
  if (n === 'ip') return '203.0.113.7';
  if (n.includes('timezone')) return 'Asia/Shanghai';
  if (n === 'lat' || n === 'latitude') return '39.9042';
  if (n === 'lon' || n === 'lng' || n === 'longitude') return '116.4074';
  if (n === 'city') return 'Hangzhou';
  if (n === 'owner') return 'octo-org';
  if (n === 'repo') return 'hello-world';
  if (n === 'path') return 'docs/README.md';
  if (n === 'branch' || n === 'base') return 'main';
  if (n === 'head') return 'feature-x';
  if (n.includes('chain_id')) return '1';
  if (n.includes('address')) return '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045';
  if (n.includes('symbol')) return 'AAPL';
  if (n === 'limit' || n === 'page' || n === 'size') return '2';
  return `sample-${name.replace(/[^A-Za-z0-9]/g, '-')}`;
}

function sampleArg(arg: ToolArg): unknown {
  if (arg.enum && arg.enum.length > 0) return arg.enum[0];
  if (arg.default !== undefined) return arg.default;
  switch (arg.type) {
    case 'integer':
    case 'int':
      return 2;
    case 'number':
      return 3;
    case 'boolean':
      return true;
    case 'array':
      if (arg.items?.type === 'object') return [sampleObject(arg.items.properties, arg.name)];
      if (arg.items?.type === 'integer' || arg.items?.type === 'number') return [1, 2];
      return [`${arg.name}-one`, `${arg.name}-two`];
    case 'object':
      return sampleObject(arg.properties, arg.name);
    default:
      return sampleString(arg.name);
  }
}

function sampleObject(
  properties: Record<string, { type?: string }> | undefined,
  name: string,
): Record<string, unknown> {
  if (!properties || Object.keys(properties).length === 0) return { key: `${name}-value` };
  return Object.fromEntries(
    Object.entries(properties).map(([key, p]) => [key, sampleArg({ name: key, type: p.type })]),
  );
}

function sampleConfig(key: string): string {
  if (/url/i.test(key)) return 'https://upstream.example.test/v1';
  return `test-${key.toLowerCase()}-7f3a`;
}

/** Example JSON for a response schema (the schema's examples where given). */
function fromSchema(schema: Schema | undefined, name: string, depth = 0): unknown {
  if (!schema || depth > 8) return null;
  if (schema.example !== undefined) return schema.example;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const type = schema.type ?? (schema.properties ? 'object' : schema.items ? 'array' : 'string');
  switch (type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, s]) => [k, fromSchema(s, k, depth + 1)]),
      );
    case 'array':
      return [fromSchema(schema.items, name, depth + 1)];
    case 'integer':
      return 200;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    default:
      return `${name}-example`;
  }
}

function templatePath(url: string): string {
  const withoutActions = url.replace(/\{\{[^}]*\}\}/g, 'X');
  try {
    return new URL(withoutActions, 'http://relative.invalid').pathname;
  } catch {
    return withoutActions;
  }
}

function findOperation(
  api: {
    paths?: Record<
      string,
      Record<
        string,
        { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }
      >
    >;
  },
  url: string,
  method: string,
) {
  const path = templatePath(url);
  for (const [apiPath, operations] of Object.entries(api.paths ?? {})) {
    const pattern = new RegExp(
      `${apiPath.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`,
    );
    if (!pattern.test(path)) continue;
    const operation = operations[method.toLowerCase()] ?? Object.values(operations)[0];
    if (operation) return operation;
  }
  return undefined;
}

let written = 0;
for (const server of readdirSync(corpusDir).sort()) {
  const configPath = join(corpusDir, server, 'mcp-server.yaml');
  if (!existsSync(configPath)) continue;
  const doc = parse(readFileSync(configPath, 'utf8')) as {
    server: { config?: Record<string, unknown> };
    tools?: Tool[];
  };
  const apiPath = join(corpusDir, server, 'api.json');
  const api = existsSync(apiPath) ? JSON.parse(readFileSync(apiPath, 'utf8')) : undefined;
  const text = readFileSync(configPath, 'utf8');
  const configKeys = new Set([
    ...Object.keys(doc.server.config ?? {}),
    ...[...text.matchAll(/\.config\.(\w+)/g)].map((m) => m[1]!),
  ]);
  const config = Object.fromEntries([...configKeys].sort().map((key) => [key, sampleConfig(key)]));
  mkdirSync(join(fixturesDir, server), { recursive: true });
  for (const tool of doc.tools ?? []) {
    const args = Object.fromEntries((tool.args ?? []).map((arg) => [arg.name, sampleArg(arg)]));
    const fixture: Record<string, unknown> = { config, args };
    const rt = tool.responseTemplate ?? {};
    const hand = HAND_RESPONSES[server]?.[tool.name];
    if (hand) {
      if (hand.response !== undefined) fixture.response = hand.response;
      fixture.responseMustContain = hand.mustContain;
    } else if (api && tool.requestTemplate?.url) {
      const operation = findOperation(
        api,
        tool.requestTemplate.url,
        tool.requestTemplate.method ?? 'GET',
      );
      const content = operation?.responses?.['200']?.content;
      const schema =
        content?.['application/json']?.schema ?? Object.values(content ?? {})[0]?.schema;
      if (schema) fixture.response = fromSchema(schema, 'value');
    }
    if (rt.body && fixture.response === undefined && tool.requestTemplate?.url) {
      throw new Error(`${server}/${tool.name}: a response template but no representative response`);
    }
    if (tool.errorResponseTemplate) {
      fixture.errorResponse = {
        message: 'Bad Request',
        code: 'InvalidParameter',
        _headers: { ':status': '400', 'content-type': 'application/json' },
      };
    }
    writeFileSync(
      join(fixturesDir, server, `${tool.name}.json`),
      `${JSON.stringify(fixture, null, 2)}\n`,
    );
    written++;
  }
}
console.log(`wrote ${written} fixtures under ${fixturesDir}`);
