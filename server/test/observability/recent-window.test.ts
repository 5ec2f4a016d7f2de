import { describe, expect, it } from 'vitest';
import {
  emptyFigures,
  percentile,
  RecentWindow,
  RECENT_MINUTES,
} from '../../src/observability/recent-window.ts';

const MINUTE = 60_000;
const now = Date.UTC(2026, 10, 24, 12, 30, 15);

describe('recent window', () => {
  it('counts only the minutes of the window asked for', () => {
    const window = new RecentWindow();
    window.record(now, 0.001, false);
    window.record(now - 2 * MINUTE, 0.002, true);
    window.record(now - 10 * MINUTE, 0.003, false);
    const figures = (minutes: number) => {
      const into = emptyFigures();
      window.addTo(into, now, minutes);
      return { calls: into.calls, errors: into.errors };
    };
    expect(figures(1)).toEqual({ calls: 1, errors: 0 });
    expect(figures(3)).toEqual({ calls: 2, errors: 1 });
    expect(figures(10)).toEqual({ calls: 2, errors: 1 });
    expect(figures(11)).toEqual({ calls: 3, errors: 1 });
  });

  it('reuses a slot an hour later without keeping its old counts', () => {
    const window = new RecentWindow();
    window.record(now - RECENT_MINUTES * MINUTE, 0.001, true);
    window.record(now, 0.001, false);
    const into = emptyFigures();
    window.addTo(into, now, RECENT_MINUTES);
    expect(into).toMatchObject({ calls: 1, errors: 0 });
  });

  it('reads percentiles back within 10% of the exact values', () => {
    const window = new RecentWindow();
    const latencies: number[] = [];
    for (let i = 1; i <= 1000; i++) latencies.push(0.0002 * i); // 0.2 ms … 200 ms
    for (const seconds of latencies) window.record(now, seconds, false);
    const into = emptyFigures();
    window.addTo(into, now, 1);
    for (const [fraction, exact] of [
      [0.5, 0.1],
      [0.95, 0.19],
      [0.99, 0.198],
    ] as const) {
      const estimate = percentile(into.buckets, fraction)!;
      expect(Math.abs(estimate - exact) / exact).toBeLessThan(0.1);
    }
    expect(percentile(emptyFigures().buckets, 0.5)).toBeUndefined();
  });
});
