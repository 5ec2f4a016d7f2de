/**
 * TEST FIXTURE: a ToolCatalog for the MCP endpoint tests and the conformance run. Its tools
 * answer what the conformance scenarios call (text, image, audio, embedded resource, mixed
 * content, errors, a JSON Schema 2020-12 input schema) plus a few the gateway's own tests use
 * (echo, structured content, a call that waits for cancellation). The product's catalog comes
 * from the runtime serving published servers; nothing here is used outside tests.
 */
import type { CallToolResult } from '@modelcontextprotocol/server';
import type {
  ServedServer,
  ServedTool,
  ToolCallContext,
  ToolCatalog,
} from '../../src/mcp/protocol/tool-catalog.ts';

const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const WAV_EMPTY = 'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=';

const NO_ARGS = { type: 'object', properties: {} };

type Handler = (
  args: Record<string, unknown>,
  ctx: ToolCallContext,
) => Promise<CallToolResult> | CallToolResult;

interface FixtureTool extends ServedTool {
  handler: Handler;
}

const CONFORMANCE_TOOLS: FixtureTool[] = [
  {
    name: 'test_simple_text',
    description: 'Tests simple text content response',
    inputSchema: NO_ARGS,
    handler: () => ({
      content: [{ type: 'text', text: 'This is a simple text response for testing.' }],
    }),
  },
  {
    name: 'test_image_content',
    description: 'Tests image content response',
    inputSchema: NO_ARGS,
    handler: () => ({ content: [{ type: 'image', data: PNG_1X1, mimeType: 'image/png' }] }),
  },
  {
    name: 'test_audio_content',
    description: 'Tests audio content response',
    inputSchema: NO_ARGS,
    handler: () => ({ content: [{ type: 'audio', data: WAV_EMPTY, mimeType: 'audio/wav' }] }),
  },
  {
    name: 'test_embedded_resource',
    description: 'Tests embedded resource content response',
    inputSchema: NO_ARGS,
    handler: () => ({
      content: [
        {
          type: 'resource',
          resource: {
            uri: 'test://embedded-resource',
            mimeType: 'text/plain',
            text: 'This is an embedded resource content.',
          },
        },
      ],
    }),
  },
  {
    name: 'test_multiple_content_types',
    description: 'Tests response with multiple content types (text, image, resource)',
    inputSchema: NO_ARGS,
    handler: () => ({
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: PNG_1X1, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: {
            uri: 'test://mixed-content-resource',
            mimeType: 'application/json',
            text: JSON.stringify({ test: 'data', value: 123 }),
          },
        },
      ],
    }),
  },
  {
    name: 'test_error_handling',
    description: 'Tests error response handling',
    inputSchema: NO_ARGS,
    handler: () => ({
      content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }],
      isError: true,
    }),
  },
  {
    name: 'json_schema_2020_12_tool',
    description: 'Tool with JSON Schema 2020-12 features',
    inputSchema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: {
        address: {
          $anchor: 'addressDef',
          type: 'object',
          properties: { street: { type: 'string' }, city: { type: 'string' } },
        },
      },
      properties: {
        name: { type: 'string' },
        address: { $ref: '#/$defs/address' },
        contactMethod: { type: 'string', enum: ['phone', 'email'] },
        phone: { type: 'string' },
        email: { type: 'string' },
      },
      allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
      if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
      then: { required: ['phone'] },
      else: { required: ['email'] },
      additionalProperties: false,
    },
    handler: () => ({ content: [{ type: 'text', text: 'ok' }] }),
  },
];

const GATEWAY_TEST_TOOLS: FixtureTool[] = [
  {
    name: 'lookup_region',
    description:
      'Routes on its region argument, which clients repeat in the Mcp-Param-Region header',
    inputSchema: {
      type: 'object',
      properties: {
        region: { type: 'string', 'x-mcp-header': 'Region' },
        limit: { type: 'integer', 'x-mcp-header': 'Limit' },
      },
      required: ['region'],
    },
    handler: (args) => ({ content: [{ type: 'text', text: `region ${String(args.region)}` }] }),
  },
  {
    name: 'echo',
    title: 'Echo',
    description: 'Answers with the text it was given',
    inputSchema: {
      type: 'object',
      properties: { text: { type: 'string', maxLength: 1000 } },
      required: ['text'],
      additionalProperties: false,
    },
    handler: (args) => ({ content: [{ type: 'text', text: String(args.text) }] }),
  },
  {
    name: 'add',
    description: 'Adds two numbers, answering with structured content',
    inputSchema: {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    },
    outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] },
    annotations: { readOnlyHint: true },
    handler: (args) => {
      const sum = (args.a as number) + (args.b as number);
      return {
        content: [{ type: 'text', text: JSON.stringify({ sum }) }],
        structuredContent: { sum },
      };
    },
  },
  {
    name: 'whoami',
    description: 'Reports what the call context carried',
    inputSchema: NO_ARGS,
    handler: (_args, ctx) => ({
      content: [
        {
          type: 'text',
          text: JSON.stringify({
            sessionId: ctx.sessionId ?? null,
            userAgent: ctx.clientHeaders['user-agent'] ?? null,
            meta: ctx.meta ?? null,
          }),
        },
      ],
    }),
  },
  {
    name: 'wait_for_cancel',
    description: 'Returns only when the call is aborted (or after 10 s)',
    inputSchema: NO_ARGS,
    handler: (_args, ctx) =>
      new Promise<CallToolResult>((resolve) => {
        const timer = setTimeout(
          () => resolve({ content: [{ type: 'text', text: 'not cancelled' }] }),
          10_000,
        );
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          fixtureEvents.cancelled.push(String(ctx.signal.reason?.message ?? 'aborted'));
          resolve({ content: [{ type: 'text', text: 'cancelled' }], isError: true });
        });
      }),
  },
  {
    name: 'throws',
    description: 'Fails by throwing, as a broken runtime would',
    inputSchema: NO_ARGS,
    handler: () => {
      throw new Error('upstream exploded');
    },
  },
];

/** What fixture tools observed, for assertions. */
export const fixtureEvents = { cancelled: [] as string[] };

/**
 * A fixture server version. With a catalog, it also has `test_trigger_tool_change`, which
 * publishes the next version of itself (what a publish or rollback does to live clients).
 */
export function fixtureServer(
  name: string,
  version: string,
  tools: FixtureTool[] = [...CONFORMANCE_TOOLS, ...GATEWAY_TEST_TOOLS],
  catalog?: FixtureCatalog,
): ServedServer {
  if (catalog !== undefined) {
    tools = [
      ...tools.filter((tool) => tool.name !== 'test_trigger_tool_change'),
      {
        name: 'test_trigger_tool_change',
        description: 'Publishes the next version of this server',
        inputSchema: NO_ARGS,
        handler: () => {
          const next = String(Number(version) + 1);
          catalog.publish(fixtureServer(name, next, tools, catalog));
          return { content: [{ type: 'text', text: `published version ${next}` }] };
        },
      },
    ];
  }
  const handlers = new Map(tools.map((tool) => [tool.name, tool.handler]));
  return {
    name,
    title: `Fixture ${name}`,
    description: 'Test fixture server for the MCP endpoint',
    version,
    tools: tools.map(({ handler: _handler, ...tool }) => tool),
    async callTool(toolName, args, ctx) {
      const handler = handlers.get(toolName);
      if (handler === undefined) throw new Error(`fixture has no tool ${toolName}`);
      return handler(args, ctx);
    },
  };
}

/** A catalog whose servers tests publish, replace and remove at will. */
export class FixtureCatalog implements ToolCatalog {
  readonly #servers = new Map<string, ServedServer>();
  readonly #listeners = new Set<(serverName: string) => void>();

  /** Without servers: one named `fixture` with every fixture tool. */
  constructor(servers?: ServedServer[]) {
    for (const server of servers ?? [fixtureServer('fixture', '1', undefined, this)]) {
      this.#servers.set(server.name, server);
    }
  }

  get(serverName: string): ServedServer | undefined {
    return this.#servers.get(serverName);
  }

  onChange(listener: (serverName: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(server: ServedServer): void {
    this.#servers.set(server.name, server);
    for (const listener of this.#listeners) listener(server.name);
  }

  remove(serverName: string): void {
    this.#servers.delete(serverName);
    for (const listener of this.#listeners) listener(serverName);
  }
}

/** Tools of the fixture, for servers a test builds with a subset. */
export const fixtureTools = { conformance: CONFORMANCE_TOOLS, gateway: GATEWAY_TEST_TOOLS };
