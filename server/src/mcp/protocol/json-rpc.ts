import { ProtocolErrorCode } from '@modelcontextprotocol/server';

/** JSON-RPC and MCP error codes the endpoint answers with. */
export const ErrorCode = {
  ParseError: ProtocolErrorCode.ParseError,
  InvalidRequest: ProtocolErrorCode.InvalidRequest,
  MethodNotFound: ProtocolErrorCode.MethodNotFound,
  InvalidParams: ProtocolErrorCode.InvalidParams,
  InternalError: ProtocolErrorCode.InternalError,
  /** Transport-level refusals (bad session, bad origin, unknown server). */
  ServerError: -32000,
  /** 2026-07-28: the Mcp-Method / Mcp-Name / MCP-Protocol-Version headers disagree with the body. */
  HeaderMismatch: -32020,
  /** 2026-07-28: the request names a protocol revision this endpoint does not serve. */
  UnsupportedProtocolVersion: ProtocolErrorCode.UnsupportedProtocolVersion,
} as const;

export type RequestId = string | number;

/** A JSON-RPC request or notification whose shape was checked. */
export interface IncomingMessage {
  id?: RequestId;
  method: string;
  params?: Record<string, unknown>;
}

/** Why a message failed, to be answered as a JSON-RPC error (and the HTTP status to use). */
export class JsonRpcFailure extends Error {
  readonly code: number;
  readonly httpStatus: number;
  readonly data: unknown;
  constructor(code: number, message: string, httpStatus = 200, data?: unknown) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
    this.data = data;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that a parsed body is one JSON-RPC 2.0 request or notification; throws a
 * JsonRpcFailure naming the first problem otherwise. Responses posted by the client are
 * recognised and returned as `undefined` (the endpoint sends no requests, so it ignores them).
 */
export function readMessage(body: unknown): IncomingMessage | undefined {
  if (!isPlainObject(body)) {
    throw new JsonRpcFailure(
      ErrorCode.InvalidRequest,
      'Invalid Request: the body must be one JSON-RPC 2.0 message object',
      400,
    );
  }
  if (body.jsonrpc !== '2.0') {
    throw new JsonRpcFailure(
      ErrorCode.InvalidRequest,
      'Invalid Request: /jsonrpc must be "2.0"',
      400,
    );
  }
  const { id, method, params } = body;
  if (method === undefined && id !== undefined && ('result' in body || 'error' in body)) {
    return undefined;
  }
  if (typeof method !== 'string' || method === '') {
    throw new JsonRpcFailure(
      ErrorCode.InvalidRequest,
      'Invalid Request: /method must be a non-empty string',
      400,
    );
  }
  if (
    id !== undefined &&
    typeof id !== 'string' &&
    !(typeof id === 'number' && Number.isInteger(id))
  ) {
    throw new JsonRpcFailure(
      ErrorCode.InvalidRequest,
      'Invalid Request: /id must be a string or an integer',
      400,
    );
  }
  if (params !== undefined && !isPlainObject(params)) {
    throw new JsonRpcFailure(
      ErrorCode.InvalidRequest,
      'Invalid Request: /params must be an object',
      400,
    );
  }
  return {
    id: id as RequestId | undefined,
    method,
    params: params as Record<string, unknown> | undefined,
  };
}

function idJson(id: RequestId | undefined | null): string {
  return id === undefined || id === null ? 'null' : JSON.stringify(id);
}

/** `{"jsonrpc":"2.0","id":…,"result":…}` around an already-serialized result. */
export function resultResponse(id: RequestId, resultJson: string): string {
  return `{"jsonrpc":"2.0","id":${idJson(id)},"result":${resultJson}}`;
}

export function errorResponse(
  id: RequestId | undefined | null,
  code: number,
  message: string,
  data?: unknown,
): string {
  const error = data === undefined ? { code, message } : { code, message, data };
  return `{"jsonrpc":"2.0","id":${idJson(id)},"error":${JSON.stringify(error)}}`;
}

export function notificationMessage(method: string, params?: object): string {
  return params === undefined
    ? `{"jsonrpc":"2.0","method":${JSON.stringify(method)}}`
    : `{"jsonrpc":"2.0","method":${JSON.stringify(method)},"params":${JSON.stringify(params)}}`;
}
