import { useEffect, useRef, useState } from 'react';

// A read repeated `intervalMs` after the previous one ended, for a running run's history. A live
// query re-runs on every write and drops a result that a newer write made stale: with a run
// storing epochs back to back and a history read slower than the gap between writes (a loaded
// machine, thousands of epochs), it never delivered, and the chart stayed at its first points
// while the progress climbed. A polled read always finishes and shows what was stored by then.
// Each read is given the previous one's value, so it can read only what was added since.

type Polled<T> = { key: string; value: T } | { key: string; error: unknown };

export function usePolledQuery<T>(query: (previous: T | undefined) => Promise<T>, key: string, intervalMs: number, enabled: boolean): T | undefined {
  const latest = useRef(query);
  latest.current = query;
  const [state, setState] = useState<Polled<T>>();
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let previous: T | undefined;
    const read = async () => {
      try {
        const value = await latest.current(previous);
        if (stopped) return;
        if (value !== previous) setState({ key, value });
        previous = value;
        timer = setTimeout(read, intervalMs);
      } catch (error) {
        if (!stopped) setState({ key, error });
      }
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key, enabled, intervalMs]);
  if (state?.key !== key) return undefined;
  if ('error' in state) throw state.error;
  return state.value;
}
