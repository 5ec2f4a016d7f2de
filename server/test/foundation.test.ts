import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { startTestGateway, type TestGateway } from './support/gateway.ts';

describe.each(DIALECTS)('gateway foundation on %s', (dialect) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(dialect);
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('serves health and readiness on both listeners', async () => {
    for (const base of [gateway.adminUrl, gateway.dataPlaneUrl]) {
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
    }
  });

  it('gives every response a request id and keeps a valid incoming one', async () => {
    const generated = await fetch(`${gateway.adminUrl}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${gateway.adminUrl}/healthz`, {
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(kept.headers.get('x-request-id')).toBe('trace-123');
  });

  it('describes the admin API as OpenAPI 3.1', async () => {
    const response = await gateway.api('/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; info: { title: string } };
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toMatch(/MCP Gateway/);
  });

  it('answers unknown admin paths with a 404 in the error shape', async () => {
    const response = await gateway.api('/no-such-thing');
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toContain('/api/v1/no-such-thing');
  });
});
