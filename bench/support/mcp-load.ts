// Pieces the MCP load benchmarks share: the figures of one measured cell and a 2025-11-25
// session to call through.

export interface Measurement {
  rps: number;
  /** Latency percentiles, µs. */
  p50: number;
  p99: number;
  /** CPU µs per call of the measured process: what decides capacity once it is the bottleneck. */
  cpu: number;
}

/** Throughput, percentiles and CPU per call from latencies in ms over elapsed seconds. */
export function summarize(
  latencies: number[],
  elapsedSeconds: number,
  cpuUsed: number,
): Measurement {
  latencies.sort((x, y) => x - y);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    rps: latencies.length / elapsedSeconds,
    p50: at(0.5) * 1000,
    p99: at(0.99) * 1000,
    cpu: cpuUsed / latencies.length,
  };
}

/** Opens a 2025-11-25 session on an MCP endpoint; returns its Mcp-Session-Id. */
export async function initializeSession(url: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'bench', version: '1' },
      },
    }),
  });
  await response.text();
  return response.headers.get('mcp-session-id')!;
}
