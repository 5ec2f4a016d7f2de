import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/gateway.ts';

// Request validation is shared by every admin module; SQLite is enough to exercise it.
describe('admin API request validation', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway('sqlite');
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('validates JSON bodies exactly as sent, naming each wrong field', async () => {
    const response = await gateway.api('/interfaces', {
      method: 'POST',
      json: { name: 5, method: 'GET', path: '/pets', tags: 'pets' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { code: string; details: { path: string }[] };
    };
    expect(body.error.code).toBe('validation_failed');
    const paths = body.error.details.map((d) => d.path);
    expect(paths).toContain('/name');
    expect(paths).toContain('/tags');
  });

  it('still reads numbers and lists from query strings', async () => {
    const response = await gateway.api('/interfaces?page=2&pageSize=5');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { page: number; pageSize: number };
    expect(body).toMatchObject({ page: 2, pageSize: 5 });
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const response = await gateway.api('/interfaces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_json');
  });
});
