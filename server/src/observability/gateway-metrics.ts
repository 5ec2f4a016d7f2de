import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import {
  emptyFigures,
  percentile,
  RecentWindow,
  RECENT_MINUTES,
  type WindowFigures,
} from './recent-window.ts';

/** Seconds; from sub-millisecond gateway answers to the upstream timeout. */
const LATENCY_BOUNDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];
const LE_LABELS = [...LATENCY_BOUNDS.map(String), '+Inf'];

/**
 * Counts, error counts and a latency histogram kept in plain numbers: recording is a few
 * increments (prom-client's labelled children hash their labels on every call, which cost
 * microseconds); Prometheus reads them at scrape time through the collectors below.
 */
class CallCounts {
  calls = 0;
  errors = 0;
  sumSeconds = 0;
  /** Per bound, not cumulative; the last slot is above every bound. */
  readonly buckets = new Float64Array(LATENCY_BOUNDS.length + 1);
  readonly recent = new RecentWindow();

  record(nowMs: number, seconds: number, isError: boolean): void {
    this.calls++;
    if (isError) this.errors++;
    this.sumSeconds += seconds;
    let bucket = 0;
    while (bucket < LATENCY_BOUNDS.length && seconds > LATENCY_BOUNDS[bucket]!) bucket++;
    this.buckets[bucket]!++;
    this.recent.record(nowMs, seconds, isError);
  }
}

/** The figures of one tool of one server. */
export class ToolCallSeries extends CallCounts {
  readonly server: string;
  readonly tool: string;
  constructor(server: string, tool: string) {
    super();
    this.server = server;
    this.tool = tool;
  }
}

/** The figures of upstream requests that ended with one status (a code or a failure cause). */
export class UpstreamSeries extends CallCounts {
  readonly status: string;
  constructor(status: string) {
    super();
    this.status = status;
  }
}

interface SampleValue {
  value: number;
  labels: Record<string, string>;
  metricName?: string;
}

/** A metric prom-client's registry formats, whose values are read from our series at scrape. */
function collector(
  name: string,
  help: string,
  type: 'counter' | 'histogram',
  values: () => SampleValue[],
) {
  return {
    name,
    help,
    type,
    aggregator: 'sum',
    get: async () => ({ name, help, type, aggregator: 'sum', values: values() }),
    reset: () => {},
  };
}

function histogramValues(
  name: string,
  series: Iterable<{ counts: CallCounts; labels: Record<string, string> }>,
): SampleValue[] {
  const values: SampleValue[] = [];
  for (const { counts, labels } of series) {
    let cumulative = 0;
    for (let bucket = 0; bucket < counts.buckets.length; bucket++) {
      cumulative += counts.buckets[bucket]!;
      values.push({
        metricName: `${name}_bucket`,
        labels: { le: LE_LABELS[bucket]!, ...labels },
        value: cumulative,
      });
    }
    values.push({ metricName: `${name}_sum`, labels, value: counts.sumSeconds });
    values.push({ metricName: `${name}_count`, labels, value: counts.calls });
  }
  return values;
}

/** What the loaded-versions gauge reads at scrape time. */
export interface LoadedVersionsSource {
  loadedServers(): string[];
  status(serverName: string): { activeVersion?: number };
}

export interface LatencySummary {
  calls: number;
  errors: number;
  errorRate: number;
  /** Milliseconds; null when there were no calls. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface MetricsSummary {
  window: string;
  windowMinutes: number;
  /** Start of the oldest minute counted and the time of the summary (ISO 8601). */
  from: string;
  to: string;
  totals: LatencySummary;
  servers: Array<
    LatencySummary & { server: string; tools: Array<LatencySummary & { tool: string }> }
  >;
  upstream: Array<LatencySummary & { status: string }>;
  loaded: Array<{ server: string; version: number }>;
}

function summarize(figures: WindowFigures): LatencySummary {
  const ms = (fraction: number) => {
    const seconds = percentile(figures.buckets, fraction);
    return seconds === undefined ? null : Math.round(seconds * 1e6) / 1e3;
  };
  return {
    calls: figures.calls,
    errors: figures.errors,
    errorRate: figures.calls === 0 ? 0 : figures.errors / figures.calls,
    p50Ms: ms(0.5),
    p95Ms: ms(0.95),
    p99Ms: ms(0.99),
  };
}

/**
 * The gateway's Prometheus registry and the recent-minutes figures the console reads. Series are
 * created once per server tool and upstream status, and kept: recording a call touches only
 * prebuilt counters, a histogram and a ring of typed arrays.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #toolSeries = new Map<string, Map<string, ToolCallSeries>>();
  readonly #upstreamSeries = new Map<string, UpstreamSeries>();
  #loaded: LoadedVersionsSource | undefined;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    const tools = () => this.#allToolSeries();
    const upstreams = () => [...this.#upstreamSeries.values()];
    const toolLabels = (s: ToolCallSeries) => ({ server: s.server, tool: s.tool });
    const collectors = [
      collector(
        'mcpgw_tool_calls_total',
        'MCP tools/call requests that reached a published server, by server and tool',
        'counter',
        () => tools().map((s) => ({ labels: toolLabels(s), value: s.calls })),
      ),
      collector(
        'mcpgw_tool_call_errors_total',
        'Tool calls whose result was an error (isError) or that failed, by server and tool',
        'counter',
        () => tools().map((s) => ({ labels: toolLabels(s), value: s.errors })),
      ),
      collector(
        'mcpgw_tool_call_duration_seconds',
        'Time from the call reaching the server version to its result, by server and tool',
        'histogram',
        () =>
          histogramValues(
            'mcpgw_tool_call_duration_seconds',
            tools().map((s) => ({ counts: s, labels: toolLabels(s) })),
          ),
      ),
      collector(
        'mcpgw_upstream_requests_total',
        'Upstream HTTP requests made for tool calls, by response status or failure cause',
        'counter',
        () => upstreams().map((s) => ({ labels: { status: s.status }, value: s.calls })),
      ),
      collector(
        'mcpgw_upstream_request_duration_seconds',
        'Upstream HTTP request time, headers and body, by response status or failure cause',
        'histogram',
        () =>
          histogramValues(
            'mcpgw_upstream_request_duration_seconds',
            upstreams().map((s) => ({ counts: s, labels: { status: s.status } })),
          ),
      ),
    ];
    for (const metric of collectors) {
      this.registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
    }
    const loadedVersions = () => this.loadedVersions();
    new Gauge({
      name: 'mcpgw_server_loaded_version',
      help: 'The published version each loaded MCP server serves',
      labelNames: ['server'],
      registers,
      collect() {
        this.reset();
        for (const { server, version } of loadedVersions()) this.set({ server }, version);
      },
    });
    new Gauge({
      name: 'mcpgw_servers_loaded',
      help: 'MCP servers with a loaded active version',
      registers,
      collect() {
        this.set(loadedVersions().length);
      },
    });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /** Where the loaded versions are read from (the runtime manager). */
  watchLoadedVersions(source: LoadedVersionsSource): void {
    this.#loaded = source;
  }

  loadedVersions(): Array<{ server: string; version: number }> {
    const source = this.#loaded;
    if (!source) return [];
    const loaded: Array<{ server: string; version: number }> = [];
    for (const server of source.loadedServers().sort()) {
      const version = source.status(server).activeVersion;
      if (version !== undefined) loaded.push({ server, version });
    }
    return loaded;
  }

  #allToolSeries(): ToolCallSeries[] {
    const all: ToolCallSeries[] = [];
    for (const tools of this.#toolSeries.values()) all.push(...tools.values());
    return all;
  }

  /** The series of one tool, created on first use and kept. */
  toolSeries(server: string, tool: string): ToolCallSeries {
    let tools = this.#toolSeries.get(server);
    if (!tools) {
      tools = new Map();
      this.#toolSeries.set(server, tools);
    }
    let series = tools.get(tool);
    if (!series) {
      series = new ToolCallSeries(server, tool);
      tools.set(tool, series);
    }
    return series;
  }

  upstreamSeries(status: string): UpstreamSeries {
    let series = this.#upstreamSeries.get(status);
    if (!series) {
      series = new UpstreamSeries(status);
      this.#upstreamSeries.set(status, series);
    }
    return series;
  }

  /** The Prometheus text exposition. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Counts, error rates and percentiles over the last `minutes` minutes (1 to 60). */
  summary(minutes: number, window: string, nowMs = Date.now()): MetricsSummary {
    const span = Math.min(Math.max(1, Math.floor(minutes)), RECENT_MINUTES);
    const totals = emptyFigures();
    const servers: MetricsSummary['servers'] = [];
    for (const [server, tools] of [...this.#toolSeries].sort(([a], [b]) => a.localeCompare(b))) {
      const serverFigures = emptyFigures();
      const toolSummaries: Array<LatencySummary & { tool: string }> = [];
      for (const [tool, series] of [...tools].sort(([a], [b]) => a.localeCompare(b))) {
        const figures = emptyFigures();
        series.recent.addTo(figures, nowMs, span);
        if (figures.calls === 0) continue;
        series.recent.addTo(serverFigures, nowMs, span);
        toolSummaries.push({ tool, ...summarize(figures) });
      }
      if (serverFigures.calls === 0) continue;
      addFigures(totals, serverFigures);
      servers.push({ server, ...summarize(serverFigures), tools: toolSummaries });
    }
    const upstream: MetricsSummary['upstream'] = [];
    for (const [status, series] of [...this.#upstreamSeries].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      const figures = emptyFigures();
      series.recent.addTo(figures, nowMs, span);
      if (figures.calls > 0) upstream.push({ status, ...summarize(figures) });
    }
    const firstMinute = (Math.floor(nowMs / 60_000) - span + 1) * 60_000;
    return {
      window,
      windowMinutes: span,
      from: new Date(firstMinute).toISOString(),
      to: new Date(nowMs).toISOString(),
      totals: summarize(totals),
      servers,
      upstream,
      loaded: this.loadedVersions(),
    };
  }
}

function addFigures(into: WindowFigures, from: WindowFigures) {
  into.calls += from.calls;
  into.errors += from.errors;
  for (let bucket = 0; bucket < from.buckets.length; bucket++) {
    into.buckets[bucket]! += from.buckets[bucket]!;
  }
}
