import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { modelDataProblem } from '../../../../src/shared/engine/prepare';
import { formatBytes, formatCount, memoryBudget, runBudgetProblem, runSize, setMachineMemory } from '../../../../src/shared/engine/run-budget';
import { runSession } from '../../../../src/shared/engine/session';
import { ExperimentSchema, type ExperimentInput } from '../../../../src/shared/schema/experiment';

// The memory a run needs is known from the experiment and the dataset's shape before anything is
// allocated; past the budget the run is refused naming the field that makes it big.

const experiment = (hidden: number[], training: Partial<ExperimentInput['training']> = {}) =>
  ExperimentSchema.parse({
    dataset: { synthetic: 'spirals' },
    model: { layers: [...hidden.map((units) => ({ units, activation: 'tanh' as const })), { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
    training: { optimizer: { name: 'adam', learningRate: 0.01 }, epochs: 1, ...training },
  } satisfies ExperimentInput);

const FOUR_GIB = memoryBudget(undefined);

describe('run size', () => {
  it('counts parameters, their copies, the optimizer state, a batch of activations and the data', () => {
    // 2 → 3 → 1: 3·2 + 3 + 1·3 + 1 = 13 parameters, in float64.
    const size = runSize(experiment([3]), 10, 2);
    expect(size.parameters).toBe(13);
    expect(size.parts).toEqual({ parameters: 3 * 13 * 8, optimizer: 2 * 13 * 8, activations: 4 * 10 * 4 * 8, dataset: 10 * 3 * 8 });
    expect(size.bytes).toBe(312 + 208 + 1280 + 240);
    const sgd32 = runSize(experiment([3], { optimizer: { name: 'sgd', learningRate: 0.1 }, dtype: 'float32', batchSize: 4 }), 10, 2);
    expect(sgd32.parts).toEqual({ parameters: 3 * 13 * 4, optimizer: 0, activations: 4 * 4 * 4 * 4, dataset: 10 * 3 * 4 });
  });

  it('derives the budget from the machine: half its memory, at most 4 GiB', () => {
    expect(FOUR_GIB).toEqual({ bytes: 4 * 2 ** 30, reason: 'the most one WebAssembly memory or typed array can address' });
    expect(memoryBudget(24 * 2 ** 30)).toEqual(FOUR_GIB);
    expect(memoryBudget(2 * 2 ** 30)).toEqual({ bytes: 2 ** 30, reason: "half of this machine's 2.1 GB of memory" });
  });

  it('writes big numbers as a scientist would', () => {
    expect(formatCount(144_036_001)).toBe('1.4 × 10⁸');
    expect(formatCount(99_600_000)).toBe('1.0 × 10⁸'); // not 10.0 × 10⁷
    expect(formatCount(12_345)).toBe('12,345');
    expect(formatBytes(1_152_288_008)).toBe('1.2 GB');
    expect(formatBytes(512)).toBe('512 bytes');
  });

  it('switches to × 10ⁿ at ten million, and to the next unit at 1000 of one, up to TB', () => {
    expect(formatCount(9_999_999)).toBe('9,999,999');
    expect(formatCount(1e7)).toBe('1.0 × 10⁷');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(1000)).toBe('1.0 kB');
    expect(formatBytes(99_949)).toBe('99.9 kB');
    expect(formatBytes(100_000)).toBe('100 kB');
    // The unit follows the rounded figure.
    expect(formatBytes(99_950)).toBe('100 kB');
    expect(formatBytes(999_499)).toBe('999 kB');
    expect(formatBytes(999_500)).toBe('1.0 MB');
    expect(formatBytes(999_999)).toBe('1.0 MB');
    expect(formatBytes(999_999_999)).toBe('1.0 GB');
    expect(formatBytes(1_000_000)).toBe('1.0 MB');
    expect(formatBytes(5e15)).toBe('5000 TB');
  });

  it('takes half the memory of a machine with less than 8 GiB, and 4 GiB from 8 GiB on', () => {
    expect(memoryBudget(8 * 2 ** 30)).toEqual(FOUR_GIB);
    expect(memoryBudget(8 * 2 ** 30 - 2).bytes).toBe(4 * 2 ** 30 - 1);
  });

  it('formats sizes the way a file manager does', () => {
    expect(formatBytes(12)).toBe('12 bytes');
    expect(formatBytes(350_000)).toBe('350 kB');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatBytes(188_160_000)).toBe('188 MB');
    expect(formatBytes(5e12)).toBe('5.0 TB');
  });
});

describe('refusing a run over budget', () => {
  it('names the widest layer and the size (two hidden layers of 12,000 units grew a tab to 6.4 GB)', () => {
    expect(runBudgetProblem(experiment([12_000, 12_000]), 1000, 2, FOUR_GIB)).toBe(
      "model.layers[1].units: 1.4 × 10⁸ parameters ≈ 1.2 GB in float64; training them with Adam needs ≈ 6.5 GB (weights, gradients, the best epoch's copy, Adam's state, activations, data), over this machine's limit of 4.3 GB for a run (the most one WebAssembly memory or typed array can address)",
    );
    expect(runBudgetProblem(experiment([12_000, 12_000], { dtype: 'float32', optimizer: { name: 'sgd', learningRate: 0.1 } }), 1000, 2, FOUR_GIB)).toBeNull();
  });

  it('names the batch size when a batch of activations is what does not fit', () => {
    expect(runBudgetProblem(experiment([2000, 2000]), 100_000, 2, FOUR_GIB)).toBe(
      "training.batchSize: a full batch of 100,000 rows through 4,001 units need ≈ 12.8 GB of activations, ≈ 13.0 GB in all, over this machine's limit of 4.3 GB for a run (the most one WebAssembly memory or typed array can address); use smaller batches",
    );
    expect(runBudgetProblem(experiment([2000, 2000], { batchSize: 256 }), 100_000, 2, FOUR_GIB)).toBeNull();
  });

  it('names the dataset when its copy is what does not fit', () => {
    expect(runBudgetProblem(experiment([4], { batchSize: 32 }), 1_000_000, 1000, { bytes: 2 ** 30, reason: 'a test' })).toBe(
      "dataset: 1,000,000 rows × 1,000 features take ≈ 8.0 GB in float64, ≈ 8.0 GB in all, over this machine's limit of 1.1 GB for a run (a test)",
    );
  });

  it('refuses only above the budget, not at it', () => {
    const exp = experiment([3, 3]);
    const { bytes } = runSize(exp, 10, 3);
    expect(runBudgetProblem(exp, 10, 3, { bytes, reason: 'a test' })).toBeNull();
    expect(runBudgetProblem(exp, 10, 3, { bytes: bytes - 1, reason: 'a test' })).not.toBeNull();
  });

  it('names the part that is largest: the batch, the dataset, or the widest layer (the first of equal ones)', () => {
    const field = (exp: ReturnType<typeof experiment>, rows: number, features: number) => runBudgetProblem(exp, rows, features, { bytes: 1, reason: 'a test' })!.split(':')[0];
    // 3 → 3 → 3 → 1 with Adam: layers of 12, 12 and 4 parameters, 672 bytes of copies and 448 of state.
    expect(field(experiment([3, 3]), 2, 3)).toBe('model.layers[0].units'); // activations 448 bytes, the state alone as much
    expect(field(experiment([3, 3]), 5, 3)).toBe('model.layers[0].units'); // activations 1,120 bytes, as much as copies and state
    expect(field(experiment([3, 3], { batchSize: 1 }), 10, 3)).toBe('model.layers[0].units'); // dataset 320, activations 224
    expect(field(experiment([3, 3], { batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.1 } }), 21, 3)).toBe('model.layers[0].units'); // dataset 672 = the copies
    expect(field(experiment([3, 3], { batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.1 } }), 22, 3)).toBe('dataset');
    // 50 → 10 → 1 in batches of 64 on 1,000 rows: activations 22,528 bytes, more than the parameters' 20,840 but less than the dataset's 408,000.
    expect(field(experiment([10], { batchSize: 64 }), 1000, 50)).toBe('dataset');
    // 7 → 1 → 1 with SGD on 10 rows, full batch: activations and dataset both 640 bytes, above the parameters' 240.
    expect(field(experiment([1], { optimizer: { name: 'sgd', learningRate: 0.1 } }), 10, 7)).toBe('dataset');
    expect(runBudgetProblem(experiment([100], { batchSize: 40 }), 100, 2, { bytes: 1, reason: 'a test' })).toBe(
      "training.batchSize: batches of 40 rows through 101 units need ≈ 129 kB of activations, ≈ 148 kB in all, over this machine's limit of 1 bytes for a run (a test); use smaller batches",
    );
  });

  it("names the optimizer whose state counts, and leaves the state out for SGD", () => {
    const problem = (name: 'sgd' | 'momentum' | 'rmsprop') => runBudgetProblem(experiment([3, 3], { optimizer: { name, learningRate: 0.1 }, batchSize: 1 }), 1, 3, { bytes: 1, reason: 'a test' });
    expect(problem('sgd')).toBe(
      "model.layers[0].units: 28 parameters ≈ 224 bytes in float64; training them with SGD needs ≈ 928 bytes (weights, gradients, the best epoch's copy, activations, data), over this machine's limit of 1 bytes for a run (a test)",
    );
    expect(runBudgetProblem(experiment([3, 3], { optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 1, dtype: 'float32' }), 1, 3, { bytes: 1, reason: 'a test' })).toMatch(
      /^model\.layers\[0\]\.units: 28 parameters ≈ 112 bytes in float32; training them with SGD needs ≈ 464 bytes /,
    );
    expect(problem('momentum')).toContain("training them with momentum needs ≈ 1.2 kB (weights, gradients, the best epoch's copy, momentum's state, activations, data)");
    expect(problem('rmsprop')).toContain("training them with RMSprop needs ≈ 1.2 kB (weights, gradients, the best epoch's copy, RMSprop's state, activations, data)");
  });

  it('uses the machine memory the host reports as the default budget', () => {
    try {
      setMachineMemory(2 ** 20);
      expect(runBudgetProblem(experiment([16]), 2000, 2)).toMatch(/over this machine's limit of 524 kB for a run \(half of this machine's 1\.0 MB of memory\)/);
    } finally {
      setMachineMemory(2 ** 40);
    }
    expect(runBudgetProblem(experiment([16]), 2000, 2)).toBeNull();
  });

  it('is part of checking a model against its data, so a run fails before allocating anything', async () => {
    const spirals = resolveSyntheticDataset({ synthetic: 'spirals', seed: 0 });
    const huge = experiment([100_000, 100_000]);
    const problem = modelDataProblem(huge, spirals);
    expect(problem).toMatch(/^model\.layers\[1\]\.units: 1\.0 × 10¹⁰ parameters ≈ 80\.0 GB in float64; /);
    // It died late with V8's "Invalid typed array length" when allocating the weights.
    expect(await runSession(huge, spirals)).toEqual({ status: 'failed', message: problem });
    expect(modelDataProblem(experiment([16]), spirals)).toBeNull();
  });
});
