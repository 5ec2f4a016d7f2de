/**
 * Raw MCP-over-HTTP requests for tests that check the endpoint's own answers (status codes,
 * headers) rather than going through an SDK client.
 */

/** The Accept header the SDK clients send. */
export const JSON_AND_SSE = 'application/json, text/event-stream';

/** POSTs an `initialize` request of `protocolVersion` to an MCP endpoint URL. */
export function postInitialize(
  url: string,
  protocolVersion: string,
  options: { clientName?: string; id?: number; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: JSON_AND_SSE, ...options.headers },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: options.id ?? 0,
      method: 'initialize',
      params: {
        protocolVersion,
        capabilities: {},
        clientInfo: { name: options.clientName ?? 'test', version: '1' },
      },
    }),
  });
}
