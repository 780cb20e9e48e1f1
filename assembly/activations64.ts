import { at64 } from './lanes';
import { exp64, tanh64 } from './math64';

// Activation maps over the n = rows·cols float64 elements of a matrix whose columns are samples,
// and their backward passes, each the loop of src/shared/nn/activations.ts operation for operation
// (with math64.ts's ports of its exp and tanh), so the bits are the TypeScript backend's. The
// maps without exp take two lanes at a time; the others go element by element, as ts does.

export function sigmoidForward64(z: usize, a: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f64>(at64(a, i), 1 / (1 + exp64(-load<f64>(at64(z, i)))));
}

/** dZ = dA·A·(1 − A). */
export function sigmoidBackward64(a: usize, dA: usize, dZ: usize, n: i32): void {
  const one = f64x2.splat(1);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const ai = v128.load(at64(a, i));
    v128.store(at64(dZ, i), f64x2.mul(f64x2.mul(v128.load(at64(dA, i)), ai), f64x2.sub(one, ai)));
  }
  for (; i < n; i++) {
    const ai = load<f64>(at64(a, i));
    store<f64>(at64(dZ, i), load<f64>(at64(dA, i)) * ai * (1 - ai));
  }
}

export function tanhForward64(z: usize, a: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f64>(at64(a, i), tanh64(load<f64>(at64(z, i))));
}

/** dZ = dA·(1 − A²). */
export function tanhBackward64(a: usize, dA: usize, dZ: usize, n: i32): void {
  const one = f64x2.splat(1);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const ai = v128.load(at64(a, i));
    v128.store(at64(dZ, i), f64x2.mul(v128.load(at64(dA, i)), f64x2.sub(one, f64x2.mul(ai, ai))));
  }
  for (; i < n; i++) {
    const ai = load<f64>(at64(a, i));
    store<f64>(at64(dZ, i), load<f64>(at64(dA, i)) * (1 - ai * ai));
  }
}

/**
 * A = Z where Z > 0, else 0 (relu: `relu` 1) or slope·Z (leakyRelu). The comparison is false for
 * NaN, as in ts.
 */
export function leakyReluForward64(z: usize, a: usize, n: i32, slope: f64, relu: i32): void {
  const zero = f64x2.splat(0);
  const slopeV = f64x2.splat(slope);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const zi = v128.load(at64(z, i));
    v128.store(at64(a, i), v128.bitselect(zi, relu ? zero : f64x2.mul(slopeV, zi), f64x2.gt(zi, zero)));
  }
  for (; i < n; i++) {
    const zi = load<f64>(at64(z, i));
    store<f64>(at64(a, i), zi > 0 ? zi : relu ? 0 : slope * zi);
  }
}

/** dZ = dA where Z > 0, else 0 (relu) or slope·dA. */
export function leakyReluBackward64(z: usize, dA: usize, dZ: usize, n: i32, slope: f64, relu: i32): void {
  const zero = f64x2.splat(0);
  const slopeV = f64x2.splat(slope);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const di = v128.load(at64(dA, i));
    v128.store(at64(dZ, i), v128.bitselect(di, relu ? zero : f64x2.mul(slopeV, di), f64x2.gt(v128.load(at64(z, i)), zero)));
  }
  for (; i < n; i++) {
    const di = load<f64>(at64(dA, i));
    store<f64>(at64(dZ, i), load<f64>(at64(z, i)) > 0 ? di : relu ? 0 : slope * di);
  }
}

/** Softmax of each column of a rows×cols matrix: subtract the column maximum, exponentiate, divide by the column sum. */
export function softmaxForward64(z: usize, a: usize, rows: i32, cols: i32): void {
  for (let j = 0; j < cols; j++) {
    let top: f64 = -Infinity;
    for (let i = 0; i < rows; i++) top = max<f64>(top, load<f64>(at64(z, i * cols + j)));
    let sum: f64 = 0;
    for (let i = 0; i < rows; i++) {
      const e = exp64(load<f64>(at64(z, i * cols + j)) - top);
      store<f64>(at64(a, i * cols + j), e);
      sum += e;
    }
    for (let i = 0; i < rows; i++) store<f64>(at64(a, i * cols + j), load<f64>(at64(a, i * cols + j)) / sum);
  }
}

/** dZ_i = A_i·(dA_i − Σ_k A_k·dA_k) in each column. */
export function softmaxBackward64(a: usize, dA: usize, dZ: usize, rows: i32, cols: i32): void {
  for (let j = 0; j < cols; j++) {
    let dot: f64 = 0;
    for (let i = 0; i < rows; i++) dot += load<f64>(at64(a, i * cols + j)) * load<f64>(at64(dA, i * cols + j));
    for (let i = 0; i < rows; i++) {
      const index = i * cols + j;
      store<f64>(at64(dZ, index), load<f64>(at64(a, index)) * (load<f64>(at64(dA, index)) - dot));
    }
  }
}
