import type { CallToolResult } from '@modelcontextprotocol/server';

/** One tool as MCP clients see it in tools/list. */
export interface ServedTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: object;
  outputSchema?: object;
  annotations?: object;
}

/** What a tool call knows about the request that carried it. */
export interface ToolCallContext {
  /** The gateway's request id (x-request-id), for logs across layers. */
  requestId: string;
  /** Aborted when the client cancels the call or goes away. */
  signal: AbortSignal;
  /** The HTTP request headers of the call, lower-case names. */
  clientHeaders: Record<string, string>;
  /** The request's `params._meta`, as the client sent it. */
  meta?: Record<string, unknown>;
  /** The MCP session the call belongs to (2025 revisions); absent for stateless calls. */
  sessionId?: string;
}

/** One published MCP server version, as the data plane serves it. */
export interface ServedServer {
  name: string;
  title?: string;
  description?: string;
  /** The served version, e.g. the published version number. */
  version: string;
  /** Stable order, allowTools already applied. Built once per published version, not per request. */
  tools: readonly ServedTool[];
  callTool(
    name: string,
    args: Record<string, unknown>,
    ctx: ToolCallContext,
  ): Promise<CallToolResult>;
}

/** Where the protocol layer finds the active version of each server. */
export interface ToolCatalog {
  get(serverName: string): ServedServer | undefined;
  /** Fires when a server's active version changes (publish, rollback) or it is removed: live sessions get notifications/tools/list_changed. */
  onChange(listener: (serverName: string) => void): () => void;
}

/** The catalog of a gateway that has no published servers: every name is unknown. */
export function createEmptyToolCatalog(): ToolCatalog {
  return {
    get: () => undefined,
    onChange: () => () => {},
  };
}
