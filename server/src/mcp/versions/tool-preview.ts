import type { CallToolResult } from '@modelcontextprotocol/server';
import { badRequest, notFound, unprocessable } from '../../app/errors.ts';
import { ajvFactory, validatorFor } from '../protocol/argument-validation.ts';
import type { McpServerService } from '../servers/server-service.ts';
import type { ServerRuntimeManager } from '../runtime/server-runtime-manager.ts';
import {
  LoadFailure,
  type ServerInstance,
  type UpstreamPerformer,
  type UpstreamRequestPlan,
  type UpstreamResponse,
} from '../runtime/server-instance.ts';
import { compileOrExplain, type McpVersionService } from './version-service.ts';

export interface PreviewRequest {
  args?: Record<string, unknown> | undefined;
  /** A sample upstream response; the body as text, or any JSON value (sent as its JSON). */
  response?:
    { status: number; headers?: Record<string, string> | undefined; body?: unknown } | undefined;
  /** Perform the real upstream request through the gateway's performer. */
  live?: boolean | undefined;
  /** A published version; the current draft (compiled on the fly, not stored) when absent. */
  version?: number | undefined;
}

/** A body as the API shows it: text when it is UTF-8, base64 otherwise. */
interface ShownBody {
  body?: string;
  bodyEncoding?: 'base64';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function showBody(bytes: Uint8Array | undefined): ShownBody {
  if (bytes === undefined) return {};
  try {
    return { body: strictUtf8.decode(bytes) };
  } catch {
    return { body: Buffer.from(bytes).toString('base64'), bodyEncoding: 'base64' };
  }
}

function showRequest(plan: UpstreamRequestPlan) {
  return { method: plan.method, url: plan.url, headers: plan.headers, ...showBody(plan.body) };
}

function showResponse(response: UpstreamResponse) {
  return { status: response.status, headers: response.headers, ...showBody(response.body) };
}

function sampleOf(response: NonNullable<PreviewRequest['response']>): UpstreamResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  const body = response.body;
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  if (typeof body !== 'string' && body !== undefined && headers['content-type'] === undefined) {
    headers['content-type'] = 'application/json';
  }
  return { status: response.status, headers, body: new TextEncoder().encode(text) };
}

/** Records what the module asked for and what came back, around the real performer. */
function recordingPerformer(performer: UpstreamPerformer) {
  const exchanges: Array<{
    request: UpstreamRequestPlan;
    response?: UpstreamResponse;
    error?: string;
  }> = [];
  return {
    exchanges,
    async perform(plan: UpstreamRequestPlan, signal: AbortSignal): Promise<UpstreamResponse> {
      const exchange: (typeof exchanges)[number] = { request: plan };
      exchanges.push(exchange);
      try {
        exchange.response = await performer.perform(plan, signal);
        return exchange.response;
      } catch (error) {
        const e = error as { cause?: unknown; message?: string };
        exchange.error =
          typeof e.cause === 'string' ? `${e.cause}: ${e.message}` : String(e.message);
        throw error;
      }
    },
  };
}

/** Longest a live preview waits for the upstream (the performer's own timeouts apply too). */
const LIVE_PREVIEW_TIMEOUT_MS = 60_000;

/**
 * Preview of one tool call: the rendered upstream request and the tool result, through the same
 * Wasm code path as production (ServerInstance.preview, or callTool with the real performer when
 * `live`). A published version uses its stored artifact; the draft is compiled on the fly.
 */
export async function previewTool(
  deps: { servers: McpServerService; versions: McpVersionService; runtime: ServerRuntimeManager },
  name: string,
  toolName: string,
  request: PreviewRequest,
): Promise<Record<string, unknown>> {
  let artifact: Uint8Array;
  let secrets: Record<string, string>;
  if (request.version !== undefined) {
    artifact = (await deps.versions.artifact(name, request.version)).bytes;
    secrets = (await deps.servers.draftSnapshot(name)).secrets;
  } else {
    const snapshot = await deps.servers.draftSnapshot(name);
    const problems = deps.servers.recheck(snapshot.definition);
    if (problems.length > 0) {
      throw unprocessable(`the draft of server '${name}' is invalid`, problems);
    }
    artifact = compileOrExplain(snapshot.definition).bytes;
    secrets = snapshot.secrets;
  }
  let instance: ServerInstance;
  try {
    instance = await deps.runtime.loadDetached(artifact, secrets);
  } catch (error) {
    if (error instanceof LoadFailure) throw unprocessable(error.message);
    throw error;
  }
  try {
    const tool = instance.description.tools.find((t) => t.name === toolName);
    if (!tool) {
      throw notFound(
        `server '${name}' (${request.version !== undefined ? `version ${request.version}` : 'draft'}) has no tool '${toolName}'${
          instance.description.tools.length > 0
            ? ` (tools: ${instance.description.tools.map((t) => t.name).join(', ')})`
            : ''
        }`,
      );
    }
    const args = request.args ?? {};
    const problem = validatorFor(tool.name, tool.inputSchema, ajvFactory())(args);
    if (problem !== undefined) {
      throw badRequest(`invalid arguments for tool '${toolName}': ${problem}`, [
        { in: 'body', path: '/args', message: problem },
      ]);
    }
    const source = request.version !== undefined ? { version: request.version } : { draft: true };
    if (request.live) {
      const recorder = recordingPerformer(deps.runtime.performer);
      const result: CallToolResult = await instance.callTool(toolName, args, {
        performer: recorder,
        clientHeaders: {},
        signal: AbortSignal.timeout(LIVE_PREVIEW_TIMEOUT_MS),
      });
      const first = recorder.exchanges[0];
      return {
        ...source,
        live: true,
        ...(first && { request: showRequest(first.request) }),
        ...(first?.response && { response: showResponse(first.response) }),
        ...(first?.error !== undefined && { upstreamError: first.error }),
        ...(recorder.exchanges.length > 1 && {
          exchanges: recorder.exchanges.map((e) => ({
            request: showRequest(e.request),
            ...(e.response && { response: showResponse(e.response) }),
            ...(e.error !== undefined && { upstreamError: e.error }),
          })),
        }),
        result,
      };
    }
    const sample = request.response ? sampleOf(request.response) : undefined;
    const preview = await instance.preview(toolName, args, sample);
    return {
      ...source,
      live: false,
      ...(preview.request && { request: showRequest(preview.request) }),
      ...(sample && { response: showResponse(sample) }),
      result: preview.result,
    };
  } finally {
    instance.dispose();
  }
}
