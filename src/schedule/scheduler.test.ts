import { describe, expect, it } from 'vitest';
import { silentLogger } from '../core/logger.js';
import { systemClock } from '../core/clock.js';
import { backoffMs, createScheduler, nextStart } from './scheduler.js';

const deps = { clock: systemClock, logger: silentLogger };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduler', () => {
  it('starts the next cycle one interval after the last start, or at once after an overrun', () => {
    expect(nextStart(1000, 1200, 60_000)).toBe(61_000);
    expect(nextStart(1000, 90_000, 60_000)).toBe(90_000);
  });

  it('doubles the backoff per attempt, capped at 16x', () => {
    expect([1, 2, 3, 5, 9].map((a) => backoffMs(a, 100))).toEqual([100, 200, 400, 1600, 1600]);
  });

  it('never overlaps cycles, even when a cycle outlasts the interval', async () => {
    let running = 0;
    let most = 0;
    let cycles = 0;
    const s = createScheduler(
      'slow',
      { intervalMs: 5, retries: 0, retryBackoffMs: 10 },
      async () => {
        running += 1;
        most = Math.max(most, running);
        await wait(30);
        cycles += 1;
        running -= 1;
      },
      deps,
    );
    s.start();
    await wait(200);
    await s.stop();
    expect(most).toBe(1);
    expect(cycles).toBeGreaterThanOrEqual(3);
  });

  it('retries a failing cycle with backoff, then carries on with the next one', async () => {
    const calls: number[] = [];
    const s = createScheduler(
      'flaky',
      { intervalMs: 1000, retries: 2, retryBackoffMs: 10 },
      () => {
        calls.push(Date.now());
        return calls.length <= 2 ? Promise.reject(new Error('warehouse away')) : Promise.resolve();
      },
      deps,
    );
    s.start();
    await wait(100);
    await s.stop();
    // two failures, then success on the third attempt, all before the next interval
    expect(calls).toHaveLength(3);
    expect(calls[2]! - calls[1]!).toBeGreaterThanOrEqual(18);
  });

  it('stops promptly while waiting for the next cycle', async () => {
    let cycles = 0;
    const s = createScheduler(
      'idle',
      { intervalMs: 60_000, retries: 0, retryBackoffMs: 10 },
      () => {
        cycles += 1;
        return Promise.resolve();
      },
      deps,
    );
    s.start();
    await wait(20);
    const t0 = Date.now();
    await s.stop();
    expect(Date.now() - t0).toBeLessThan(100);
    expect(cycles).toBe(1);
  });
});
