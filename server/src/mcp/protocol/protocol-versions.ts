/** Revisions served with initialize and Mcp-Session-Id sessions (Streamable HTTP), newest first. */
export const SESSION_PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'] as const;

/** The HTTP+SSE transport's own revision; its clients may also negotiate the session revisions. */
export const LEGACY_SSE_PROTOCOL_VERSION = '2024-11-05';

/** Every revision an initialize handshake can settle on, newest first. */
export const HANDSHAKE_PROTOCOL_VERSIONS: readonly string[] = [
  ...SESSION_PROTOCOL_VERSIONS,
  LEGACY_SSE_PROTOCOL_VERSION,
];

/** Stateless revisions: every request carries its own `_meta` envelope, no handshake. */
export const STATELESS_PROTOCOL_VERSIONS: readonly string[] = ['2026-07-28'];

/** What a session-era request without an MCP-Protocol-Version header is taken to speak (spec: assume 2025-03-26). */
export const DEFAULT_SESSION_PROTOCOL_VERSION = '2025-03-26';

/** The client's requested version when served, else the newest the gateway serves (spec: initialize negotiation). */
export function negotiateHandshakeVersion(requested: unknown): string {
  return typeof requested === 'string' && HANDSHAKE_PROTOCOL_VERSIONS.includes(requested)
    ? requested
    : SESSION_PROTOCOL_VERSIONS[0];
}
