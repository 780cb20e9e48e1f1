// Whether a call that may be shared across helper threads (wasm-threads.ts) runs on them or on the
// calling thread alone is measured, not assumed: on a machine busy with other work a helper may
// not get a core when it is needed, and waiting for it makes a call slower than doing it alone.
// So each call shape keeps a running time of both ways, uses the faster, and tries the other once
// every PROBE_EVERY calls. Both ways give the same bits, so the choice never changes a result.
//
// The running times must not chase noise. On a virtual machine a threaded call is now and then
// several times slower than usual (the helper's core taken for a moment); with plain running means
// those outliers lifted the threaded mean above the alone one, and the rare probes of the threaded
// way brought it back only slowly (docs/perf-notes.md). Hence:
// - one slow call moves its way's mean by a tenth at most (OUTLIER), while a lasting slowdown
//   still shows within a few calls;
// - a probe's time replaces the other way's mean outright: it is that way's only recent sample,
//   and after a busy spell the threads must win back at once;
// - probes are rare (a probe of the alone way also lets the helpers fall asleep, so the next
//   threaded call pays for waking them), except in a shape's first calls, where a first threaded
//   call slowed by cold caches or a helper still waking must not decide the next 64.

/** One call in this many runs the way not currently preferred, to keep its time fresh. */
export const PROBE_EVERY = 64;
/** Over a shape's first PROBE_EVERY calls, one in this many is a probe. */
const PROBE_EVERY_AT_FIRST = 4;
/** A call counts as at most this many times its way's mean. */
const OUTLIER = 1.5;
/** Weight of the newest call in the running mean of the way in use. */
const NEWEST = 0.2;

/** The running times (ms) of one call shape on the calling thread alone and on all threads. */
export class ThreadChoice {
  single = 0;
  threaded = 0;
  private calls = 0;

  /** Whether the next call runs threaded: the faster way, or the other one as a probe. */
  next(): boolean {
    // A way not tried yet has a mean of 0, so each is tried once before the comparison counts.
    const every = this.calls < PROBE_EVERY ? PROBE_EVERY_AT_FIRST : PROBE_EVERY;
    const probe = this.calls++ % every === every - 1;
    return this.threadsFaster() !== probe;
  }

  /** Records how long a call took (`threaded`: whether it ran on the threads). */
  record(threaded: boolean, elapsed: number): void {
    const mean = threaded ? this.threaded : this.single;
    const probe = threaded !== this.threadsFaster();
    const next = mean === 0 || probe ? elapsed : (1 - NEWEST) * mean + NEWEST * Math.min(elapsed, OUTLIER * mean);
    if (threaded) this.threaded = next;
    else this.single = next;
  }

  private threadsFaster(): boolean {
    return this.threaded <= this.single;
  }
}
