import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabaseTarget } from '../support/databases.ts';
import { callTool, json, mcpRequest, resultText, startGatewayOn } from '../mcp-publish/support.ts';
import { DEMO_SERVER, DEMO_TAG } from '../../src/demo/seed-demo.ts';

type Gateway = Awaited<ReturnType<typeof startGatewayOn>>;

/** The upstream JSON in a result: from-interfaces puts a description of its fields before it. */
function bodyJson(message: Record<string, unknown>) {
  const text = resultText(message);
  const start = text.search(/^[[{]/m);
  if (start < 0) throw new Error(`no JSON in the result: ${text}`);
  return JSON.parse(text.slice(start));
}

async function demoState(gateway: Gateway) {
  const interfaces = await json(await gateway.api(`/interfaces?tag=${DEMO_TAG}&pageSize=100`));
  const server = await json(await gateway.api(`/servers/${DEMO_SERVER}`));
  const versions = await json(await gateway.api(`/servers/${DEMO_SERVER}/versions`));
  return {
    interfaces: (
      interfaces.items as Array<{ id: number; revision: number; upstream: { url: string } }>
    ).map((i) => ({ id: i.id, revision: i.revision, upstream: i.upstream.url })),
    serverRevision: server.revision as number,
    versions: versions.total as number,
  };
}

/** A listener holding a port, so that the next demo start cannot take it. */
function holdPort(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const holder = net.createServer((socket) => socket.destroy());
    holder.once('error', reject);
    holder.listen(port, '127.0.0.1', () => resolve(holder));
  });
}

describe('demo workspace (--demo)', () => {
  let target: TestDatabaseTarget;
  let gateway: Gateway | undefined;

  beforeAll(async () => {
    target = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await gateway?.close();
    await target?.dispose();
  });

  it('serves a published bookshop server over its own loopback sample API', async () => {
    gateway = await startGatewayOn(target, { demo: true });
    expect(gateway.demo?.serverName).toBe(DEMO_SERVER);
    const apiUrl = gateway.demo!.apiUrl;
    expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const list = await json(await mcpRequest(gateway.dataPlaneUrl, DEMO_SERVER, 'tools/list'));
    const names = (list.result.tools as Array<{ name: string }>).map((t) => t.name).sort();
    expect(names).toEqual(['addBook', 'getBook', 'getBookCover', 'listBooks']);

    const books = await callTool(gateway.dataPlaneUrl, DEMO_SERVER, 'listBooks', {
      author: 'austen',
    });
    const listed = bodyJson(books.message);
    expect(listed.total).toBe(2);
    expect(listed.books.map((b: { title: string }) => b.title)).toEqual([
      'Pride and Prejudice',
      'Emma',
    ]);

    const one = await callTool(gateway.dataPlaneUrl, DEMO_SERVER, 'getBook', { bookId: 2 });
    expect(bodyJson(one.message)).toMatchObject({ id: 2, title: 'Moby-Dick' });

    const missing = await callTool(gateway.dataPlaneUrl, DEMO_SERVER, 'getBook', { bookId: 99 });
    expect(missing.message.result.isError).toBe(true);
    expect(resultText(missing.message)).toContain('404');

    const cover = await callTool(gateway.dataPlaneUrl, DEMO_SERVER, 'getBookCover', { bookId: 3 });
    const image = cover.message.result.content[0];
    expect(image).toMatchObject({ type: 'image', mimeType: 'image/png' });
    const png = Buffer.from(image.data as string, 'base64');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(48); // IHDR width

    const added = await callTool(gateway.dataPlaneUrl, DEMO_SERVER, 'addBook', {
      title: 'Persuasion',
      author: 'Jane Austen',
      year: 1817,
    });
    expect(added.message.result.isError).not.toBe(true);
    expect(bodyJson(added.message)).toMatchObject({ id: 7, title: 'Persuasion' });

    // The sample API names itself in its OpenAPI document, for imports by URL.
    const document = await json(await fetch(`${apiUrl}/openapi.json`));
    expect(document.servers).toEqual([{ url: apiUrl }]);
  }, 60_000);

  it('reuses what is stored on a second start', async () => {
    const before = await demoState(gateway!);
    const apiUrl = gateway!.demo!.apiUrl;
    await gateway!.close();
    gateway = await startGatewayOn(target, { demo: true });
    expect(gateway.demo!.apiUrl).toBe(apiUrl);
    expect(await demoState(gateway)).toEqual(before);
    expect(before.interfaces).toHaveLength(4);
    expect(before.versions).toBe(1);
    const books = await callTool(gateway.dataPlaneUrl, DEMO_SERVER, 'getBook', { bookId: 1 });
    expect(bodyJson(books.message).title).toBe('Pride and Prejudice');
  }, 60_000);

  it('points the interfaces and the server at a new port when the stored one is taken', async () => {
    const before = await demoState(gateway!);
    const oldPort = Number(new URL(gateway!.demo!.apiUrl).port);
    await gateway!.close();
    const holder = await holdPort(oldPort);
    try {
      gateway = await startGatewayOn(target, { demo: true });
      const apiUrl = gateway.demo!.apiUrl;
      expect(Number(new URL(apiUrl).port)).not.toBe(oldPort);
      const after = await demoState(gateway);
      expect(after.interfaces.map((i) => i.id)).toEqual(before.interfaces.map((i) => i.id));
      for (const stored of after.interfaces) expect(stored.upstream).toBe(apiUrl);
      expect(after.serverRevision).toBe(before.serverRevision + 1);
      expect(after.versions).toBe(2);
      const book = await callTool(gateway.dataPlaneUrl, DEMO_SERVER, 'getBook', { bookId: 4 });
      expect(bodyJson(book.message).author).toBe('Alexandre Dumas');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  }, 60_000);
});
