// Tool preview: the rendered upstream request and the tool result for a sample response or a
// live request, for the draft (compiled on the fly, not stored) or a published version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import {
  json,
  labelledDefinition,
  saveDraft,
  savePublish,
  startEchoUpstream,
  type LoopbackServer,
} from './support.ts';

describe.each(DIALECTS)('tool preview on %s', (dialect) => {
  let gateway: TestGateway;
  let upstream: LoopbackServer;

  beforeAll(async () => {
    upstream = await startEchoUpstream();
    gateway = await startTestGateway(dialect, { runtimeSyncIntervalMs: 0 });
    await savePublish(gateway, labelledDefinition('preview', upstream.origin, 'v1'));
    await saveDraft(gateway, labelledDefinition('preview', upstream.origin, 'draft'));
  });
  afterAll(async () => {
    await gateway?.stop();
    await upstream?.close();
  });

  const preview = async (body: unknown, tool = 'hello') => {
    const response = await gateway.api(`/servers/preview/tools/${tool}/preview`, {
      method: 'POST',
      json: body,
    });
    return { status: response.status, body: await json(response) };
  };

  it('renders the draft request and shapes a sample response, storing nothing', async () => {
    const requestsBefore = upstream.received.length;
    const { status, body } = await preview({
      args: { who: 'ann' },
      response: {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: { label: 'L', who: 'W' },
      },
    });
    expect(status).toBe(200);
    expect(body.draft).toBe(true);
    expect(body.live).toBe(false);
    expect(body.request.method).toBe('GET');
    expect(body.request.url).toBe(`${upstream.origin}/hello?who=ann`);
    expect(body.request.headers).toContainEqual(['x-label', 'draft']);
    expect(body.response).toMatchObject({ status: 200, body: '{"label":"L","who":"W"}' });
    expect(body.result).toEqual({ content: [{ type: 'text', text: 'draft|L|W' }] });
    expect(upstream.received.length).toBe(requestsBefore);
    const versions = await json(await gateway.api('/servers/preview/versions'));
    expect(versions.total).toBe(1);
  });

  it('previews a published version, and an error response', async () => {
    const { body } = await preview({
      version: 1,
      args: { who: 'bo' },
      response: { status: 503, body: 'down for maintenance' },
    });
    expect(body.version).toBe(1);
    expect(body.request.headers).toContainEqual(['x-label', 'v1']);
    expect(body.result.isError).toBe(true);
    expect(body.result.content[0].text).toContain('503');
    expect(body.result.content[0].text).toContain('down for maintenance');
  });

  it('performs the real request when live', async () => {
    const requestsBefore = upstream.received.length;
    const { status, body } = await preview({ live: true, args: { who: 'cy' } });
    expect(status).toBe(200);
    expect(body.live).toBe(true);
    expect(body.request.url).toBe(`${upstream.origin}/hello?who=cy`);
    expect(body.response.status).toBe(200);
    expect(JSON.parse(body.response.body)).toEqual({ label: 'draft', who: 'cy' });
    expect(body.result).toEqual({ content: [{ type: 'text', text: 'draft|draft|cy' }] });
    expect(upstream.received.length).toBe(requestsBefore + 1);
  });

  it('names unknown tools, bad arguments and unknown versions', async () => {
    const unknown = await preview({ args: {} }, 'nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain("no tool 'nope'");
    const bad = await preview({ args: { who: 5 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('/args');
    const missing = await preview({ version: 9, args: { who: 'x' } });
    expect(missing.status).toBe(404);
  });
});
