import type { CallToolResult } from '@modelcontextprotocol/server';
import {
  ErrorCode,
  errorResponse,
  resultResponse,
  type IncomingMessage,
  type RequestId,
} from './json-rpc.ts';
import { checkParamHeaders } from './param-headers.ts';
import type { ServedServerMaterial } from './served-server-material.ts';

/** What a request needs from its transport besides the message. */
export interface DispatchContext {
  /** The gateway's request id (x-request-id). */
  requestId: string;
  signal: AbortSignal;
  clientHeaders: Record<string, string>;
  /** Set for session-era requests. */
  sessionId?: string;
  /** True for 2026-07-28 requests: results carry resultType and the serverInfo `_meta`. */
  stateless: boolean;
  /** Told about a tool call that threw instead of returning a result. */
  onToolFailure?: (toolName: string, error: unknown) => void;
}

/** A JSON-RPC response and the HTTP status it goes out with. */
export interface DispatchOutcome {
  status: number;
  body: string;
}

const LOGGING_LEVELS = new Set([
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
]);

function ok(id: RequestId, resultJson: string): DispatchOutcome {
  return { status: 200, body: resultResponse(id, resultJson) };
}

function fail(
  id: RequestId,
  code: number,
  message: string,
  status = 200,
  data?: unknown,
): DispatchOutcome {
  return { status, body: errorResponse(id, code, message, data) };
}

function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** Adds `resultType` and the serverInfo `_meta` a 2026-07-28 result carries, without re-walking the result. */
function statelessResultJson(result: CallToolResult, material: ServedServerMaterial): string {
  if (result._meta !== undefined || 'resultType' in result) {
    return JSON.stringify({
      resultType: 'complete',
      ...result,
      _meta: { ...JSON.parse(material.resultMetaJson), ...result._meta },
    });
  }
  const json = JSON.stringify(result);
  const head = `{"resultType":"complete","_meta":${material.resultMetaJson}`;
  return json === '{}' ? `${head}}` : `${head},${json.slice(1)}`;
}

async function callTool(
  material: ServedServerMaterial,
  id: RequestId,
  params: Record<string, unknown> | undefined,
  ctx: DispatchContext,
): Promise<DispatchOutcome> {
  const name = params?.name;
  if (typeof name !== 'string') {
    return fail(id, ErrorCode.InvalidParams, 'Invalid params: /params/name must be a string');
  }
  const prepared = material.tools.get(name);
  if (prepared === undefined) {
    return fail(id, ErrorCode.InvalidParams, `Unknown tool: ${name}`);
  }
  const rawArgs = params?.arguments;
  if (
    rawArgs !== undefined &&
    (typeof rawArgs !== 'object' || rawArgs === null || Array.isArray(rawArgs))
  ) {
    return fail(id, ErrorCode.InvalidParams, 'Invalid params: /params/arguments must be an object');
  }
  const args = (rawArgs ?? {}) as Record<string, unknown>;
  let result: CallToolResult;
  if (ctx.stateless && prepared.paramHeaders.declarations.length > 0) {
    const failure = checkParamHeaders(prepared.paramHeaders.declarations, args, ctx.clientHeaders);
    if (failure !== undefined)
      return fail(id, failure.code, failure.message, failure.httpStatus, failure.data);
  }
  const invalidDefinition = prepared.paramHeaders.invalid;
  const problem = invalidDefinition === undefined ? prepared.validate(args) : undefined;
  if (invalidDefinition !== undefined) {
    result = toolError(`The definition of tool ${name} is invalid: ${invalidDefinition}`);
  } else if (problem !== undefined) {
    // 2025-11-25: input validation errors are tool execution errors the model can act on.
    result = toolError(`Input validation error: invalid arguments for tool ${name}: ${problem}`);
  } else {
    try {
      result = await material.served.callTool(name, args, {
        requestId: ctx.requestId,
        signal: ctx.signal,
        clientHeaders: ctx.clientHeaders,
        meta: params?._meta as Record<string, unknown> | undefined,
        sessionId: ctx.sessionId,
      });
    } catch (error) {
      ctx.onToolFailure?.(name, error);
      result = toolError(`Tool ${name} failed: ${(error as Error)?.message ?? String(error)}`);
    }
    if (result === null || typeof result !== 'object' || !Array.isArray(result.content)) {
      return fail(
        id,
        ErrorCode.InternalError,
        `Tool ${name} returned a result without a content array`,
      );
    }
  }
  return ok(id, ctx.stateless ? statelessResultJson(result, material) : JSON.stringify(result));
}

/** Answers one JSON-RPC request (it has an id) against a served server version. */
export function dispatchRequest(
  material: ServedServerMaterial,
  message: IncomingMessage & { id: RequestId },
  ctx: DispatchContext,
): DispatchOutcome | Promise<DispatchOutcome> {
  const { id, method, params } = message;
  if (method === 'tools/call') return callTool(material, id, params, ctx);
  if (ctx.stateless) {
    const results = material.statelessResults;
    switch (method) {
      case 'server/discover':
        return ok(id, results.discover);
      case 'tools/list':
        return ok(id, results.toolsList);
      case 'resources/list':
        return ok(id, results.resourcesList);
      case 'resources/templates/list':
        return ok(id, results.resourceTemplatesList);
      case 'prompts/list':
        return ok(id, results.promptsList);
      case 'resources/read':
        return fail(
          id,
          ErrorCode.InvalidParams,
          `Resource not found: ${String(params?.uri)}`,
          200,
          {
            uri: params?.uri,
          },
        );
      case 'prompts/get':
        return fail(id, ErrorCode.InvalidParams, `Unknown prompt: ${String(params?.name)}`);
      default:
        return fail(id, ErrorCode.MethodNotFound, `Method not found: ${method}`, 404);
    }
  }
  const results = material.sessionResults;
  switch (method) {
    case 'ping':
      return ok(id, results.empty);
    case 'tools/list':
      return ok(id, results.toolsList);
    case 'logging/setLevel':
      if (typeof params?.level !== 'string' || !LOGGING_LEVELS.has(params.level)) {
        return fail(
          id,
          ErrorCode.InvalidParams,
          `Invalid params: /params/level must be one of ${[...LOGGING_LEVELS].join(', ')}`,
        );
      }
      return ok(id, results.empty);
    case 'resources/list':
      return ok(id, results.resourcesList);
    case 'resources/templates/list':
      return ok(id, results.resourceTemplatesList);
    case 'prompts/list':
      return ok(id, results.promptsList);
    case 'resources/read':
      return fail(id, -32002, `Resource not found: ${String(params?.uri)}`, 200, {
        uri: params?.uri,
      });
    case 'prompts/get':
      return fail(id, ErrorCode.InvalidParams, `Unknown prompt: ${String(params?.name)}`);
    default:
      return fail(id, ErrorCode.MethodNotFound, `Method not found: ${method}`);
  }
}
