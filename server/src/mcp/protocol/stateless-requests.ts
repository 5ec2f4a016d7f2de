import { ErrorCode, JsonRpcFailure, type IncomingMessage } from './json-rpc.ts';
import { decodeParamValue } from './param-headers.ts';
import { STATELESS_PROTOCOL_VERSIONS } from './protocol-versions.ts';

/** The body field the Mcp-Name header mirrors, by method (2026-07-28 standard request headers). */
const NAME_HEADER_SOURCE: Record<string, string> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
};

function mismatch(header: string, body: string): JsonRpcFailure {
  return new JsonRpcFailure(
    ErrorCode.HeaderMismatch,
    `Bad Request: the request headers and body disagree: ${body}`,
    400,
    { mismatch: { header, body } },
  );
}

export interface StandardHeaders {
  protocolVersion: string | undefined;
  method: string | undefined;
  name: string | undefined;
}

/**
 * The checks a 2026-07-28 request passes before dispatch, past what request classification
 * already did (envelope shape, header/body version and method agreement): the revision is
 * one this endpoint serves, and a request carries MCP-Protocol-Version, Mcp-Method and,
 * where the method names something, an Mcp-Name that matches the body. Throws a
 * JsonRpcFailure with the status and code the spec gives.
 */
export function checkStatelessRequest(
  message: IncomingMessage,
  requested: string,
  headers: StandardHeaders,
): void {
  if (!STATELESS_PROTOCOL_VERSIONS.includes(requested)) {
    throw new JsonRpcFailure(
      ErrorCode.UnsupportedProtocolVersion,
      `Unsupported protocol version: ${requested}`,
      400,
      { supported: STATELESS_PROTOCOL_VERSIONS, requested },
    );
  }
  if (message.id === undefined) return;
  const method = message.method;
  if (headers.protocolVersion === undefined) {
    throw mismatch(
      '(missing)',
      `the body envelope names protocol version ${requested} but the required MCP-Protocol-Version header is absent`,
    );
  }
  if (headers.method === undefined) {
    throw mismatch(
      '(missing)',
      `the body names method ${method} but the required Mcp-Method header is absent`,
    );
  }
  const field = Object.hasOwn(NAME_HEADER_SOURCE, method) ? NAME_HEADER_SOURCE[method] : undefined;
  if (field === undefined) return;
  const params = message.params;
  const bodyValue = typeof params?.[field] === 'string' ? (params[field] as string) : undefined;
  if (headers.name === undefined) {
    if (bodyValue === undefined) return;
    throw mismatch(
      '(missing)',
      `the body carries params.${field}="${bodyValue}" but the required Mcp-Name header is absent`,
    );
  }
  const nameHeader = headers.name.trim();
  const decoded = decodeParamValue(nameHeader);
  if (decoded === undefined) {
    throw mismatch(nameHeader, 'the Mcp-Name header carries an invalid Base64 sentinel value');
  }
  if (bodyValue !== undefined && decoded !== bodyValue) {
    throw mismatch(
      nameHeader,
      `the body carries params.${field}="${bodyValue}" but the Mcp-Name header names "${decoded}"`,
    );
  }
}
