import type {
  UpstreamPerformer,
  UpstreamRequestPlan,
  UpstreamResponse,
} from '../mcp/runtime/server-instance.ts';
import { UpstreamError } from '../mcp/runtime/upstream-error.ts';
import type { GatewayMetrics, UpstreamSeries } from './gateway-metrics.ts';

/**
 * Counts and times every upstream request the runtime makes, by response status (e.g. "200")
 * or, when there was no response, by failure cause ("timeout", "connect", …).
 */
export function instrumentPerformer<P extends UpstreamPerformer>(
  performer: P,
  metrics: GatewayMetrics,
): P {
  const byStatus = new Map<number, UpstreamSeries>();
  const seriesOfStatus = (status: number) => {
    let series = byStatus.get(status);
    if (series === undefined) {
      series = metrics.upstreamSeries(String(status));
      byStatus.set(status, series);
    }
    return series;
  };
  const timeOrigin = performance.timeOrigin;
  const perform = async (
    plan: UpstreamRequestPlan,
    signal: AbortSignal,
  ): Promise<UpstreamResponse> => {
    const started = performance.now();
    let response: UpstreamResponse;
    try {
      response = await performer.perform(plan, signal);
    } catch (error) {
      const ended = performance.now();
      const cause = error instanceof UpstreamError ? error.cause : 'network';
      metrics.upstreamSeries(cause).record(timeOrigin + ended, (ended - started) / 1000, true);
      throw error;
    }
    const ended = performance.now();
    seriesOfStatus(response.status).record(
      timeOrigin + ended,
      (ended - started) / 1000,
      response.status >= 400,
    );
    return response;
  };
  // The same object with perform replaced: other members (close, policy) keep working.
  return Object.assign(Object.create(performer) as P, { perform });
}
