import { createRequire, syncBuiltinESMExports } from 'node:module';

// Loaded with --import into a training process under test: wraps worker_threads' Worker so that a
// kernel helper thread, the first time it runs a chunk of a shared call, tells the test process
// ({ type: 'helper-ran-chunk' } over IPC). That is what shows a helper did part of the work, not
// merely that one was started or that the result is right (one thread alone gives the same bits).

const MARK = 'const runChunk = (chunk) => {';
const threads = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
const Original = threads.Worker;

class ProbedWorker extends Original {
  constructor(source: string | URL, options?: import('node:worker_threads').WorkerOptions) {
    if (typeof source === 'string' && options?.eval) {
      if (!source.includes(MARK)) throw new Error(`helper-chunk-probe: the helper program no longer has "${MARK}"; update the probe`);
      source = source.replace(MARK, `${MARK}\n    if (!globalThis.reported) { globalThis.reported = true; port.postMessage('helper-ran-chunk'); }`);
    }
    super(source, options);
    this.on('message', (message) => {
      if (message === 'helper-ran-chunk') process.send?.({ type: 'helper-ran-chunk' });
    });
  }
}

threads.Worker = ProbedWorker;
syncBuiltinESMExports();
