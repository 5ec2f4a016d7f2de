import { describe, expect, it } from 'vitest';
import {
  COLLECT_AFTER_STEPS,
  GarbagePolicy,
  LARGE_STEP_INPUT_BYTES,
} from '../../src/mcp/runtime/garbage-policy.ts';

const MiB = 1024 * 1024;

/** Runs steps with a fixed memory size and small inputs; returns which ones collected. */
function collections(policy: GarbagePolicy, steps: number, memory = 2 * MiB): number[] {
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    if (policy.collectBefore(memory, 200)) {
      out.push(i);
      policy.collected(memory);
    }
  }
  return out;
}

describe('the garbage policy of a server module', () => {
  it('collects at the first step, then once every COLLECT_AFTER_STEPS + 1 small steps', () => {
    const policy = new GarbagePolicy(64 * MiB);
    const every = COLLECT_AFTER_STEPS + 1;
    expect(collections(policy, 3 * every)).toEqual([0, every, 2 * every]);
  });

  it('collects before a step with a large input', () => {
    const policy = new GarbagePolicy(64 * MiB);
    collections(policy, 2);
    expect(policy.collectBefore(2 * MiB, LARGE_STEP_INPUT_BYTES)).toBe(true);
    expect(policy.collectBefore(2 * MiB, LARGE_STEP_INPUT_BYTES - 1)).toBe(false);
  });

  it('collects when the memory grew since the last collection', () => {
    const policy = new GarbagePolicy(64 * MiB);
    collections(policy, 2);
    expect(policy.collectBefore(4 * MiB, 10)).toBe(true);
    policy.collected(4 * MiB);
    expect(policy.collectBefore(4 * MiB, 10)).toBe(false);
  });

  it('collects at every step once the memory is a quarter of the cap', () => {
    const policy = new GarbagePolicy(16 * MiB);
    expect(collections(policy, 5, 4 * MiB)).toEqual([0, 1, 2, 3, 4]);
    const roomy = new GarbagePolicy(16 * MiB);
    expect(collections(roomy, 5, 4 * MiB - 65536)).toEqual([0]);
  });
});
