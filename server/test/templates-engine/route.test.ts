import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

interface ErrorBody {
  error: { message: string; details: { message: string; line: number; column: number }[] };
}

describe('POST /api/v1/templates/render', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway('sqlite');
  });
  afterAll(async () => {
    await gw.stop();
  });

  it('renders a template against data', async () => {
    const res = await gw.api('/templates/render', {
      method: 'POST',
      json: {
        template: 'Hi {{ .name | upper }} {{ now | date "2006" }}',
        data: { name: 'ann' },
        options: { now: '2024-05-06T07:08:09Z' },
      },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ output: 'Hi ANN 2024' });
  });

  it('answers 422 with line and column for a syntax error', async () => {
    const res = await gw.api('/templates/render', {
      method: 'POST',
      json: { template: 'a\n{{ if }}', data: {} },
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      error: {
        code: 'template_error',
        message: 'the template has errors',
        details: [{ message: 'missing value for if', line: 2, column: 7, kind: 'syntax' }],
      },
    });
  });

  it('answers 422 for an execution error and for an exceeded limit', async () => {
    const exec = await gw.api('/templates/render', {
      method: 'POST',
      json: { template: '{{ index .a 3 }}', data: { a: [] } },
    });
    expect(exec.status).toBe(422);
    expect(((await exec.json()) as ErrorBody).error.details[0]).toMatchObject({
      message: 'array index out of range: 3',
      line: 1,
      column: 4,
    });
    const limit = await gw.api('/templates/render', {
      method: 'POST',
      json: { template: '{{ range 1000000000 }}x{{ end }}', data: {} },
    });
    expect(limit.status).toBe(422);
    expect(((await limit.json()) as ErrorBody).error.message).toBe(
      'the template exceeded a limit while rendering',
    );
  });

  it('rejects a body without a template, and a clock that is not a date-time', async () => {
    const res = await gw.api('/templates/render', { method: 'POST', json: { data: {} } });
    expect(res.status).toBe(400);
    const bad = await gw.api('/templates/render', {
      method: 'POST',
      json: { template: '{{ now }}', data: {}, options: { now: 'yesterday' } },
    });
    expect(bad.status).toBe(400);
  });
});
