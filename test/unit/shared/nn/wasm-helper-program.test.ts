import { describe, expect, it } from 'vitest';
import { WasmArena } from '../../../../src/shared/nn/kernels/wasm-arena';
import { HEADER, nextGeneration, publishJob } from '../../../../src/shared/nn/kernels/wasm-control-block';
import { helperProgram } from '../../../../src/shared/nn/kernels/wasm-helper-program';
import { GEMM_JOB } from '../../../../src/shared/nn/kernels/wasm-job-gemm';
import { CONTROL_INTS, JOB_ENTRIES } from '../../../../src/shared/nn/kernels/wasm-jobs';
import { createKernelMemory, gemmWorkspaceBytes, instantiateKernels, kernelModule } from '../../../../src/shared/nn/kernels/wasm-module';
import { spawnHelper } from './helper-thread-host';

// One real helper thread running the helpers' program, driven by the test as the calling thread
// would drive it through the control block — without claiming chunks itself, so every chunk is
// the helper's: a chunk that throws is recorded in FAILED and still counted done (the calling
// thread then throws instead of waiting for ever), its error goes to the helper's console, and
// the helper goes on serving the next job.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the helper threads’ program', () => {
  it('counts a chunk that threw as done, records the first one that failed, and runs the next job', async () => {
    const memory = createKernelMemory(32);
    const k = instantiateKernels(memory);
    const arena = new WasmArena(memory, k.heapBase());
    const control = arena.reserve(CONTROL_INTS * 4);
    const work = arena.reserve(gemmWorkspaceBytes(k));
    const views = {
      ints: new Int32Array(memory.buffer, control, CONTROL_INTS),
      floats: new Float32Array(memory.buffer, control, CONTROL_INTS),
      doubles: new Float64Array(memory.buffer, control, CONTROL_INTS / 2),
    };
    const ctrl = views.ints;
    const helper = spawnHelper(helperProgram(), { stderr: true });
    let stderr = '';
    helper.stderr!.on('data', (data) => (stderr += String(data)));
    helper.postMessage({ module: kernelModule(), memory, control, work });
    for (let tries = 0; Atomics.load(ctrl, HEADER.READY) === 0; tries++) {
      if (tries > 2000) throw new Error('the helper never became ready');
      await sleep(10);
    }

    const n = 64;
    const [a, b, c, expected] = [0, 1, 2, 3].map(() => arena.float32(n * n));
    for (let i = 0; i < n * n; i++) [a[i], b[i]] = [(i % 9) - 4, (i % 7) / 2];
    k.gemm(false, false, n, n, n, 1, a.byteOffset, b.byteOffset, 0, expected.byteOffset, 0, n, 0, n, work);
    const { id, layout } = JOB_ENTRIES.get(GEMM_JOB)!;
    /** Publishes a gemm in six chunks of 12 rows (the last short) into `cAt` and waits (20 s at most) until all are counted done. */
    const run = (cAt: number) => {
      const { args, total } = GEMM_JOB.plan({ double: false, transA: false, transB: false, m: n, n, k: n, alpha: 1, a: a.byteOffset, b: b.byteOffset, beta: 0, c: cAt }, 2, k);
      expect(total).toBe(6);
      publishJob(views, id, layout, args, total);
      for (let done = Atomics.load(ctrl, HEADER.DONE); done < total; done = Atomics.load(ctrl, HEADER.DONE)) {
        expect(Atomics.wait(ctrl, HEADER.DONE, done, 20_000), `the helper counted ${done} of ${total} chunks`).not.toBe('timed-out');
      }
      return Atomics.load(ctrl, HEADER.FAILED);
    };

    // C past the memory's end: every chunk traps; the first is the one recorded.
    expect(run(memory.buffer.byteLength - 64)).toBe(1);
    expect(run(c.byteOffset)).toBe(0);
    expect(Buffer.from(c.buffer, c.byteOffset, c.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))).toBe(true);
    for (let tries = 0; !stderr.includes('out of bounds') && tries < 500; tries++) await sleep(10);
    expect(stderr).toMatch(/RuntimeError: memory access out of bounds/);

    Atomics.store(ctrl, HEADER.STOP, 1);
    Atomics.store(ctrl, HEADER.GEN, nextGeneration(ctrl));
    Atomics.notify(ctrl, HEADER.GEN);
    await helper.terminate();
  });
});
