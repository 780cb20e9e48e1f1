import { describe, expect, it } from 'vitest';
import { formatIssue7Checks, issue7Checks, type Measured, type TargetContender, type TargetRow } from '../../../bench/issue-7-targets';

/** Medians as a run of the bench would give them (seconds; accuracy; samples/s for images). */
function run(values: Partial<Record<`${TargetRow}/${TargetContender}`, number>>): Measured {
  return (row, contender) => values[`${row}/${contender}`];
}

const typical = {
  'spirals/wasm1': 0.16,
  'spirals/numpy1': 0.6,
  'spirals/torch': 3.5,
  'fashionOneEpoch/wasm2': 1.3,
  'fashionOneEpoch/numpy2': 1.0,
  'fashionOneEpoch/torch': 0.9,
  'fashionFiveEpochs/wasm2': 0.8,
  'fashionFiveEpochs/numpy2': 1.0,
  'fashionFiveEpochs/torch': 0.85,
  'fashionAccuracy/wasm1': 0.8528,
  'images/wasm2': 3500,
  'images/numpy2': 3000,
  'images/torch': 4400,
} as const;

describe("issue 7's targets from a bench run", () => {
  it('reads seconds per epoch from the 5-epoch runs and prints the one-epoch run beside', () => {
    const lines = formatIssue7Checks(issue7Checks(run(typical)));
    expect(lines).toContain('- Fashion-MNIST seconds per epoch (5-epoch run), wasm ×2 / numpy ×2 ≤ 1.0: 0.80× — met');
    expect(lines).toContain('- Fashion-MNIST seconds per epoch (5-epoch run), wasm ×2 / torch ≤ 1.5: 0.94× — met');
    expect(lines).toContain('- stretch: beat PyTorch, wasm ×2 / torch < 1.0: 0.94× — met');
    expect(lines).toContain('- beside: a one-epoch run (all one-time work in it), wasm ×2 / numpy ×2: 1.30× — above the per-epoch bound');
    expect(lines).toContain('- beside: a one-epoch run (all one-time work in it), wasm ×2 / torch: 1.44× — within the per-epoch bound');
    expect(lines).toContain('- Fashion-MNIST test accuracy after 5 epochs ≥ 0.85 (wasm): 0.8528 — met');
    expect(lines).toContain('- images 12288-128-10: samples/s reported (wasm ×2 vs numpy ×2 and torch): 3500/s vs 3000/s and 4400/s — met');
  });

  it('sets spirals on one thread against each peer on one thread', () => {
    const lines = formatIssue7Checks(issue7Checks(run({ ...typical, 'spirals/numpy1': 0.4, 'spirals/torch': 1.5 })));
    expect(lines).toContain('- two spirals ≥ 3× faster than numpy (one thread each): 2.5× faster — NOT met');
    expect(lines).toContain('- two spirals ≥ 10× faster than PyTorch (one thread each): 9.4× faster — NOT met');
    const fast = formatIssue7Checks(issue7Checks(run(typical)));
    expect(fast).toContain('- two spirals ≥ 3× faster than numpy (one thread each): 3.8× faster — met');
    expect(fast).toContain('- two spirals ≥ 10× faster than PyTorch (one thread each): 21.9× faster — met');
  });

  it('says NOT met when a bound is missed, and not measured when a contender did not run', () => {
    const { ['fashionFiveEpochs/torch']: _torch, ...withoutTorch } = typical;
    const lines = formatIssue7Checks(issue7Checks(run({ ...withoutTorch, 'fashionFiveEpochs/wasm2': 1.05, 'fashionAccuracy/wasm1': 0.84 })));
    expect(lines).toContain('- Fashion-MNIST seconds per epoch (5-epoch run), wasm ×2 / numpy ×2 ≤ 1.0: 1.05× — NOT met');
    expect(lines).toContain('- Fashion-MNIST seconds per epoch (5-epoch run), wasm ×2 / torch ≤ 1.5: not measured (a contender did not run)');
    expect(lines).toContain('- Fashion-MNIST test accuracy after 5 epochs ≥ 0.85 (wasm): 0.8400 — NOT met');
  });
});
