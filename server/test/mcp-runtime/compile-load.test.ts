// Compiling a definition into an artifact and loading it: deterministic bytes and hash,
// template errors with their place, allowTools, the description, and load failures.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CompileError, compileServer, runtimeWasm } from '../../src/mcp/compiler/compile-server.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServerDefinition } from '../../src/mcp/servers/model.ts';
import { LoadFailure, ServerInstance } from '../../src/mcp/runtime/server-instance.ts';

const definition: ServerDefinition = {
  server: {
    name: 'weather',
    title: 'Weather',
    description: 'Forecasts',
    config: { apiKey: '${secret:key}', units: 'metric' },
  },
  tools: [
    {
      name: 'forecast',
      title: 'Forecast',
      description: 'The forecast for a city',
      args: [
        { name: 'city', type: 'string', required: true, description: 'City name' },
        { name: 'days', type: 'integer', default: 3, enum: [1, 3, 7] },
      ],
      requestTemplate: {
        url: 'https://api.example.com/forecast?key={{.config.apiKey}}',
        method: 'GET',
        argsToUrlParam: true,
      },
      responseTemplate: { body: '{{.summary}}' },
      outputSchema: { type: 'object', properties: { summary: { type: 'string' } } },
      annotations: { readOnlyHint: true },
    },
    { name: 'hidden', responseTemplate: { body: 'secret tool' } },
  ],
  allowTools: ['forecast'],
};

/** The same content with every object's keys in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .reverse()
        .map(([k, v]) => [k, reversed(v)]),
    );
  return value;
}

describe('compileServer', () => {
  it('gives byte-identical artifacts for identical definitions, whatever the key order', () => {
    const a = compileServer(definition, { version: 2 });
    const b = compileServer(structuredClone(definition), { version: 2 });
    const c = compileServer(reversed(definition) as ServerDefinition, { version: 2 });
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
    expect(Buffer.from(c.bytes).equals(Buffer.from(a.bytes))).toBe(true);
    expect(a.contentHash).toBe(createHash('sha256').update(a.bytes).digest('hex'));
    expect(a.sizeBytes).toBe(a.bytes.length);
    expect(new Uint8Array(a.bytes.subarray(0, 4))).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
  });

  it('gives different bytes for different definitions or versions', () => {
    const base = compileServer(definition, { version: 2 }).contentHash;
    const changedTemplate = structuredClone(definition);
    changedTemplate.tools![0]!.responseTemplate = { body: '{{.summary}}!' };
    const changedDescription = structuredClone(definition);
    changedDescription.tools![0]!.description = 'Another';
    const hashes = [
      base,
      compileServer(definition, { version: 3 }).contentHash,
      compileServer(changedTemplate, { version: 2 }).contentHash,
      compileServer(changedDescription, { version: 2 }).contentHash,
    ];
    expect(new Set(hashes).size).toBe(4);
  });

  it('reports template errors with the tool, field, line and column', () => {
    const broken = structuredClone(definition);
    broken.tools![0]!.requestTemplate!.headers = [
      { key: 'X', value: 'ok' },
      { key: 'Y', value: '{{.a' },
    ];
    broken.tools![0]!.responseTemplate = { body: 'line one\n{{if .x}}' };
    try {
      compileServer(broken);
      expect.fail('compiled a broken template');
    } catch (error) {
      expect(error).toBeInstanceOf(CompileError);
      const problems = (error as CompileError).problems;
      expect(problems.map((p) => [p.tool, p.field, p.line])).toEqual([
        ['forecast', 'requestTemplate.headers[1].value', 1],
        ['forecast', 'responseTemplate.body', 2],
      ]);
      for (const p of problems) {
        expect(p.column).toBeGreaterThan(0);
        expect(p.message.length).toBeGreaterThan(0);
      }
      expect((error as Error).message).toMatch(
        /tool 'forecast': requestTemplate.headers\[1\].value line 1/,
      );
    }
  });
});

describe('runtimeWasm', () => {
  it('refuses a runtime file that is not a valid module (a build writing it)', () => {
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-runtime-')),
      'runtime.wasm',
    );
    const valid = runtimeWasm();
    fs.writeFileSync(file, valid.subarray(0, valid.length >> 1));
    expect(() => runtimeWasm(file)).toThrow(/is not a valid WebAssembly module/);
    fs.writeFileSync(file, valid);
    expect(runtimeWasm(file)).toEqual(valid);
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});

describe('ServerInstance.load', () => {
  it('describes the server: its tools with allowTools applied, schemas and annotations', async () => {
    const instance = await ServerInstance.load(compileServer(definition, { version: 2 }).bytes, {
      secrets: { key: 'k' },
    });
    expect(instance.description).toEqual({
      name: 'weather',
      title: 'Weather',
      description: 'Forecasts',
      version: 2,
      tools: [
        {
          name: 'forecast',
          title: 'Forecast',
          description: 'The forecast for a city',
          inputSchema: {
            $schema: 'https://json-schema.org/draft/2020-12/schema',
            type: 'object',
            properties: {
              city: { type: 'string', description: 'City name' },
              days: { type: 'integer', default: 3, enum: [1, 3, 7] },
            },
            required: ['city'],
          },
          outputSchema: { type: 'object', properties: { summary: { type: 'string' } } },
          annotations: { readOnlyHint: true },
        },
      ],
    });
    const hidden = await instance.callTool(
      'hidden',
      {},
      {
        performer: { perform: () => Promise.reject(new Error('no upstream')) },
        signal: new AbortController().signal,
      },
    );
    expect(hidden).toEqual({
      content: [{ type: 'text', text: "unknown tool 'hidden'" }],
      isError: true,
    });
    expect(instance.inFlight).toBe(0);
  });

  it('rejects bytes that are not an artifact with a clear reason', async () => {
    await expect(ServerInstance.load(new Uint8Array([1, 2, 3]), { secrets: {} })).rejects.toThrow(
      new LoadFailure(
        'the artifact cannot be loaded: the artifact is not a WebAssembly module (bad magic or version)',
      ),
    );
    const bare = compileServer(definition).bytes.subarray(0, 8);
    await expect(ServerInstance.load(bare, { secrets: {} })).rejects.toThrow(
      /has no 'mcpgw.server' section/,
    );
  });

  it('rejects an artifact whose configuration is damaged', async () => {
    const bytes = compileServer(definition).bytes.slice();
    // The configuration starts right after the section name at the end of the runtime module.
    const name = new TextEncoder().encode('mcpgw.server');
    const at = Buffer.from(bytes).lastIndexOf(Buffer.from(name)) + name.length;
    bytes[at] = 0x58; // "MCPS" → "XCPS"
    await expect(ServerInstance.load(bytes, { secrets: { key: 'k' } })).rejects.toThrow(
      /failed to load: not a compiled server configuration/,
    );
  });
});
