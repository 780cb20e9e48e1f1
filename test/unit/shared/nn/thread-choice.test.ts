import { describe, expect, it } from 'vitest';
import { PROBE_EVERY, ThreadChoice } from '../../../../src/shared/nn/kernels/thread-choice';

// The choice between running a call on the helper threads or alone, fed with made-up call times
// (no clock): it follows the faster way, is not thrown by single slow calls, leaves the threads
// within a few calls when they turn slow, and comes back at the first probe once they are fast again.

/** Runs `calls` calls; `time(threaded, call)` says how long each takes. Returns which ran threaded. */
function simulate(choice: ThreadChoice, calls: number, time: (threaded: boolean, call: number) => number): boolean[] {
  const ways: boolean[] = [];
  for (let call = 0; call < calls; call++) {
    const threaded = choice.next();
    choice.record(threaded, time(threaded, call));
    ways.push(threaded);
  }
  return ways;
}

const alone = (ways: boolean[]) => ways.filter((threaded) => !threaded).length;

describe('ThreadChoice', () => {
  it('tries each way once, then keeps the faster and probes the other once every PROBE_EVERY calls', () => {
    const choice = new ThreadChoice();
    const first = simulate(choice, PROBE_EVERY, (threaded) => (threaded ? 0.2 : 0.35));
    expect(first.slice(0, 2)).toEqual([true, false]);
    // Probes are four times as frequent in a shape's first calls.
    expect(alone(first)).toBe(1 + PROBE_EVERY / 4);
    expect(alone(simulate(choice, 10 * PROBE_EVERY, (threaded) => (threaded ? 0.2 : 0.35)))).toBe(10);

    const slowerThreads = new ThreadChoice();
    simulate(slowerThreads, PROBE_EVERY, (threaded) => (threaded ? 0.5 : 0.35));
    expect(simulate(slowerThreads, 10 * PROBE_EVERY, (threaded) => (threaded ? 0.5 : 0.35)).filter(Boolean).length).toBe(10);
  });

  it('is not decided by a slow first threaded call', () => {
    // The first threaded call of a shape often finds cold caches or a helper still waking.
    const ways = simulate(new ThreadChoice(), PROBE_EVERY, (threaded, call) => (threaded ? (call === 0 ? 2 : 0.2) : 0.35));
    const back = ways.indexOf(true, 1);
    expect(back).toBeGreaterThan(0);
    expect(back).toBeLessThanOrEqual(4);
  });

  it('stays on the threads through single slow calls', () => {
    // Every fifth threaded call takes five times as long (a helper descheduled for a moment). The
    // others take 0.2 against 0.35 alone: the threads stay faster, and only probes run alone.
    const time = (threaded: boolean, call: number) => (threaded ? (call % 5 === 4 ? 1 : 0.2) : 0.35);
    const choice = new ThreadChoice();
    simulate(choice, PROBE_EVERY, time);
    expect(alone(simulate(choice, 20 * PROBE_EVERY, time))).toBe(20);
  });

  it('leaves the threads within a few calls when they stay slow, and returns at the first probe', () => {
    const choice = new ThreadChoice();
    simulate(choice, 2 + PROBE_EVERY, (threaded) => (threaded ? 0.2 : 0.35));
    // A busy machine: threaded calls now take 1 ms.
    const busy = simulate(choice, 3 * PROBE_EVERY, (threaded) => (threaded ? 1 : 0.35));
    expect(busy.slice(0, 8)).toContain(false);
    expect(busy.slice(8).filter(Boolean).length).toBeLessThanOrEqual(3);
    // Idle again: the next probe of the threads wins them back for good.
    const idle = simulate(choice, 3 * PROBE_EVERY, (threaded) => (threaded ? 0.2 : 0.35));
    const back = idle.indexOf(true);
    expect(back).toBeGreaterThanOrEqual(0);
    expect(back).toBeLessThan(PROBE_EVERY);
    expect(alone(idle.slice(back))).toBeLessThanOrEqual(3);
  });
});
