import { describe, expect, it } from 'vitest';
import { SessionTokens } from '../../src/mcp/protocol/sessions.ts';
import {
  checkParamHeaders,
  decodeParamValue,
  scanParamHeaders,
} from '../../src/mcp/protocol/param-headers.ts';
import { ajvFactory, validatorFor } from '../../src/mcp/protocol/argument-validation.ts';
import { materialFor } from '../../src/mcp/protocol/served-server-material.ts';
import { dispatchRequest } from '../../src/mcp/protocol/method-dispatch.ts';
import { fixtureServer, fixtureTools } from '../support/mcp-fixture-catalog.ts';

describe('session tokens', () => {
  const tokens = new SessionTokens(Buffer.from('k'.repeat(32)), 60);

  it('carry their claims and expire after their lifetime', () => {
    const now = Date.UTC(2026, 0, 1);
    const { token, claims } = tokens.issue('weather', '2025-06-18', now);
    expect(tokens.verify(token, now + 59_000)).toEqual(claims);
    expect(claims).toMatchObject({
      server: 'weather',
      protocolVersion: '2025-06-18',
      expiresAt: claims.issuedAt + 60,
    });
    expect(tokens.verify(token, now + 60_000)).toBeUndefined();
  });

  it('are refused when signed with another key or altered', () => {
    const { token } = tokens.issue('weather', '2025-11-25');
    const other = new SessionTokens(Buffer.from('o'.repeat(32)));
    expect(other.verify(token)).toBeUndefined();
    const [prefix, payload, signature] = token.split('.') as [string, string, string];
    const altered = Buffer.from(
      JSON.stringify(['x', 'other-server', '2025-11-25', 0, 9e9]),
    ).toString('base64url');
    expect(tokens.verify(`${prefix}.${altered}.${signature}`)).toBeUndefined();
    expect(tokens.verify(`${prefix}.${payload}`)).toBeUndefined();
    expect(tokens.verify('')).toBeUndefined();
  });
});

describe('argument validation', () => {
  it('compiles each input schema once, by object identity', () => {
    const schema = {
      type: 'object',
      properties: { n: { type: 'integer', minimum: 1 } },
      required: ['n'],
    };
    const first = validatorFor('t', schema, ajvFactory());
    expect(validatorFor('t', schema, ajvFactory())).toBe(first);
    expect(first({ n: 2 })).toBeUndefined();
    expect(first({ n: 0 })).toBe('/n: must be >= 1');
    expect(first({})).toBe("/: must have required property 'n'");
  });

  it('reads draft-07 schemas and reports a schema that cannot compile on each call', () => {
    const draft7 = validatorFor(
      't',
      { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['a'] },
      ajvFactory(),
    );
    expect(draft7({})).toMatch(/required property 'a'/);
    const broken = validatorFor(
      'broken',
      { type: 'object', properties: { a: { type: 'no-such-type' } } },
      ajvFactory(),
    );
    expect(broken({})).toMatch(/^the input schema of tool broken cannot be compiled/);
  });
});

describe('x-mcp-header declarations', () => {
  it('are collected along properties and refused anywhere else', () => {
    expect(
      scanParamHeaders({
        type: 'object',
        properties: { a: { type: 'string', 'x-mcp-header': 'A' } },
      }),
    ).toEqual({
      declarations: [
        { path: ['a'], header: 'mcp-param-a', displayName: 'Mcp-Param-A', type: 'string' },
      ],
    });
    expect(
      scanParamHeaders({ anyOf: [{ properties: { a: { type: 'string', 'x-mcp-header': 'A' } } }] })
        .invalid,
    ).toMatch(/only allowed on properties reached through "properties"/);
    expect(
      scanParamHeaders({ properties: { a: { type: 'number', 'x-mcp-header': 'A' } } }).invalid,
    ).toMatch(/not number/);
    expect(
      scanParamHeaders({
        properties: {
          a: { type: 'string', 'x-mcp-header': 'A' },
          b: { type: 'string', 'x-mcp-header': 'a' },
        },
      }).invalid,
    ).toMatch(/declared twice/);
    expect(
      scanParamHeaders({ properties: { a: { type: 'string', 'x-mcp-header': 'bad name' } } })
        .invalid,
    ).toMatch(/HTTP token/);
  });

  it('compare decoded header values with the body, integers numerically', () => {
    const { declarations } = scanParamHeaders({
      properties: {
        n: { type: 'integer', 'x-mcp-header': 'N' },
        s: { type: 'string', 'x-mcp-header': 'S' },
      },
    });
    expect(
      checkParamHeaders(
        declarations,
        { n: 42, s: 'é' },
        { 'mcp-param-n': '42.0', 'mcp-param-s': '=?base64?w6k=?=' },
      ),
    ).toBeUndefined();
    expect(checkParamHeaders(declarations, { s: null }, {})).toBeUndefined();
    expect(checkParamHeaders(declarations, { n: 42 }, { 'mcp-param-n': '41' })?.code).toBe(-32020);
    expect(decodeParamValue('=?base64?w6k?=')).toBeUndefined();
    expect(decodeParamValue('plain')).toBe('plain');
  });

  it('make a tool with invalid declarations answer a tool error naming the problem', async () => {
    const served = fixtureServer('bad', '1', [
      ...fixtureTools.gateway.filter((tool) => tool.name === 'echo'),
      {
        name: 'misdeclared',
        inputSchema: {
          type: 'object',
          properties: { list: { type: 'array', 'x-mcp-header': 'List' } },
        },
        handler: () => ({ content: [{ type: 'text', text: 'ran' }] }),
      },
    ]);
    const outcome = await dispatchRequest(
      materialFor(served),
      { id: 1, method: 'tools/call', params: { name: 'misdeclared', arguments: {} } },
      { requestId: 'r', signal: new AbortController().signal, clientHeaders: {}, stateless: false },
    );
    expect(JSON.parse(outcome.body).result).toEqual({
      content: [
        {
          type: 'text',
          text: 'The definition of tool misdeclared is invalid: list: x-mcp-header is only allowed on string, integer or boolean properties, not array',
        },
      ],
      isError: true,
    });
  });
});

describe('served server material', () => {
  it('is built once per served version and keeps the tool order', () => {
    const served = fixtureServer('ordered', '3');
    const material = materialFor(served);
    expect(materialFor(served)).toBe(material);
    expect(
      JSON.parse(material.sessionResults.toolsList).tools.map((t: { name: string }) => t.name),
    ).toEqual(served.tools.map((t) => t.name));
    expect(materialFor(fixtureServer('ordered', '4'))).not.toBe(material);
  });
});
