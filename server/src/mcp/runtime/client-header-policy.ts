/**
 * Which headers of the MCP client's HTTP request reach the upstream. Like Higress, the gateway
 * passes most through and keeps the client's Authorization unless the server asks for it:
 * that credential is for the gateway, and a server that forwards it says so.
 */

/** The per-server option (`server.clientHeaders` in a definition). */
export interface ClientHeaderOptions {
  /** Pass the client's Authorization header too. */
  passAuthorization?: boolean;
  /** Pass only these headers (case-insensitive); the always-dropped ones stay dropped. */
  allow?: string[];
}

/** Headers about one connection or one message, never the upstream's business. */
const ALWAYS_DROPPED = new Set([
  // Hop-by-hop (RFC 9110 §7.6.1) and their legacy forms.
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // The gateway's own request to the upstream decides these.
  'host',
  'content-length',
  // They describe the MCP message (JSON-RPC over HTTP), not the upstream request; the gateway
  // reads upstream bodies itself, so a client's Accept-Encoding must not ask for gzip.
  'content-type',
  'accept',
  'accept-encoding',
  'last-event-id',
]);

function droppedAlways(name: string): boolean {
  return ALWAYS_DROPPED.has(name) || name.startsWith('mcp-');
}

export type ClientHeaderFilter = (headers: Record<string, string>) => Record<string, string>;

/** Builds the filter once per activated version; the data plane applies it to every call. */
export function clientHeaderFilter(options: ClientHeaderOptions = {}): ClientHeaderFilter {
  const allow = options.allow
    ? new Set(options.allow.map((name) => name.toLowerCase()))
    : undefined;
  const passAuthorization =
    options.passAuthorization === true || allow?.has('authorization') === true;
  return (headers) => {
    const passed: Record<string, string> = {};
    for (const rawName in headers) {
      const value = headers[rawName]!;
      const name = rawName.toLowerCase();
      if (droppedAlways(name)) continue;
      if (name === 'authorization' && !passAuthorization) continue;
      if (allow !== undefined && !allow.has(name)) continue;
      passed[name] = value;
    }
    return passed;
  };
}
