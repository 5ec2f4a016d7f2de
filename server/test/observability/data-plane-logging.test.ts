import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/gateway.ts';
import { createTestDatabase } from '../support/databases.ts';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
}

/** A gateway whose logger writes JSON lines into memory. */
async function gatewayWithLog(level: string) {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const target = await createTestDatabase('sqlite');
  const gateway = await startGateway(
    {
      port: 0,
      host: '127.0.0.1',
      adminPort: 0,
      adminHost: '127.0.0.1',
      dataDir: target.dataDir,
      databaseUrl: target.databaseUrl,
      logLevel: level,
      adminBodyLimit: 1 << 20,
      demo: false,
    },
    pino({ level }, sink),
  );
  return { gateway, lines };
}

const started: RunningGateway[] = [];
afterEach(async () => {
  for (const gateway of started.splice(0)) await gateway.close();
});

const requestLines = (lines: LogLine[], requestId: string) =>
  lines.filter((line) => line.reqId === requestId).map((line) => `${line.level} ${line.msg}`);

describe('data-plane request logging', () => {
  it('logs data-plane requests at debug level; the admin app keeps info', async () => {
    const { gateway, lines } = await gatewayWithLog('info');
    started.push(gateway);
    const headers = { 'x-request-id': 'dp-info-1' };
    expect((await fetch(`${gateway.dataPlaneUrl}/healthz`, { headers })).status).toBe(200);
    expect(
      (await fetch(`${gateway.adminUrl}/healthz`, { headers: { 'x-request-id': 'admin-1' } }))
        .status,
    ).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requestLines(lines, 'dp-info-1')).toEqual([]);
    expect(requestLines(lines, 'admin-1')).toEqual(['30 incoming request', '30 request completed']);
  });

  it('writes both lines with the request id at debug level', async () => {
    const { gateway, lines } = await gatewayWithLog('debug');
    started.push(gateway);
    const headers = { 'x-request-id': 'dp-debug-1' };
    expect((await fetch(`${gateway.dataPlaneUrl}/healthz`, { headers })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requestLines(lines, 'dp-debug-1')).toEqual([
      '20 incoming request',
      '20 request completed',
    ]);
  });
});
