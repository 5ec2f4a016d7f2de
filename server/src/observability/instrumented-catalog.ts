import type { CallToolResult } from '@modelcontextprotocol/server';
import type { ServedServer, ToolCallContext, ToolCatalog } from '../mcp/protocol/tool-catalog.ts';
import type { GatewayMetrics, ToolCallSeries } from './gateway-metrics.ts';

/**
 * Where tool calls are counted: a ToolCatalog around the runtime's. Each served version gets one
 * wrapper, built when the protocol layer first looks it up and kept while the version lives (the
 * protocol layer caches its material per ServedServer object, so the wrapper must be stable).
 * A call costs two clock reads, a Map lookup and the series' records.
 *
 * Calls refused by the protocol layer before they reach the server (unknown tool, invalid
 * arguments) are not counted here: they never reach an upstream.
 */
export function instrumentCatalog(
  catalog: ToolCatalog,
  metrics: GatewayMetrics,
  /** Servers already loaded: their series are created now, so /metrics shows them at zero. */
  loaded: Iterable<string> = [],
): ToolCatalog {
  const wrapped = new WeakMap<ServedServer, ServedServer>();
  const instrumented: ToolCatalog = {
    get(serverName) {
      const served = catalog.get(serverName);
      if (served === undefined) return undefined;
      let instrumented = wrapped.get(served);
      if (instrumented === undefined) {
        instrumented = instrumentServer(served, metrics);
        wrapped.set(served, instrumented);
      }
      return instrumented;
    },
    onChange: (listener) => catalog.onChange(listener),
  };
  // Series of a version are created when it is activated, not at its first call.
  catalog.onChange((serverName) => instrumented.get(serverName));
  for (const serverName of loaded) instrumented.get(serverName);
  return instrumented;
}

function instrumentServer(served: ServedServer, metrics: GatewayMetrics): ServedServer {
  const series = new Map<string, ToolCallSeries>();
  for (const tool of served.tools)
    series.set(tool.name, metrics.toolSeries(served.name, tool.name));
  const seriesOf = (tool: string) => series.get(tool) ?? metrics.toolSeries(served.name, tool);
  const timeOrigin = performance.timeOrigin;
  const instrumented: ServedServer = {
    name: served.name,
    version: served.version,
    tools: served.tools,
    async callTool(
      tool: string,
      args: Record<string, unknown>,
      ctx: ToolCallContext,
    ): Promise<CallToolResult> {
      const started = performance.now();
      let isError = true;
      try {
        const result = await served.callTool(tool, args, ctx);
        isError = result?.isError === true;
        return result;
      } finally {
        const ended = performance.now();
        seriesOf(tool).record(timeOrigin + ended, (ended - started) / 1000, isError);
      }
    },
  };
  if (served.title !== undefined) instrumented.title = served.title;
  if (served.description !== undefined) instrumented.description = served.description;
  return instrumented;
}
