import { at } from './lanes';
import { expv, sigmoidv, tanhv } from './math';

// Activation maps over the n = rows·cols elements of a matrix whose columns are samples, and
// their backward passes dZ = dA ⊙ g'(Z), as defined in src/shared/nn/activations.ts. Elementwise
// ones run four lanes at a time; the last n mod 4 elements go through the same vector code on a
// splat, so a value never depends on where in the array it sits.
//
// sigmoid and tanh handle four vectors per iteration: V8 rebuilds every v128 constant of their
// polynomials inside the loop (several instructions each) but shares identical ones within an
// iteration, so this divides that overhead by four (it halved the time of the exp-based tanh).

/** One value in every lane, to run a tail element through the vector code. */
// @ts-ignore: decorator
@inline
function lane(v: f32): v128 {
  return f32x4.splat(v);
}

export function sigmoidForward(z: usize, a: usize, n: i32): void {
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    v128.store(at(a, i), sigmoidv(v128.load(at(z, i))));
    v128.store(at(a, i + 4), sigmoidv(v128.load(at(z, i + 4))));
    v128.store(at(a, i + 8), sigmoidv(v128.load(at(z, i + 8))));
    v128.store(at(a, i + 12), sigmoidv(v128.load(at(z, i + 12))));
  }
  for (; i + 4 <= n; i += 4) v128.store(at(a, i), sigmoidv(v128.load(at(z, i))));
  for (; i < n; i++) store<f32>(at(a, i), f32x4.extract_lane(sigmoidv(lane(load<f32>(at(z, i)))), 0));
}

/** dZ = dA·A·(1 − A). */
export function sigmoidBackward(a: usize, dA: usize, dZ: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const ai = v128.load(at(a, i));
    v128.store(at(dZ, i), f32x4.mul(f32x4.mul(v128.load(at(dA, i)), ai), f32x4.sub(one, ai)));
  }
  for (; i < n; i++) {
    const ai = load<f32>(at(a, i));
    store<f32>(at(dZ, i), load<f32>(at(dA, i)) * ai * (1 - ai));
  }
}

export function tanhForward(z: usize, a: usize, n: i32): void {
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    v128.store(at(a, i), tanhv(v128.load(at(z, i))));
    v128.store(at(a, i + 4), tanhv(v128.load(at(z, i + 4))));
    v128.store(at(a, i + 8), tanhv(v128.load(at(z, i + 8))));
    v128.store(at(a, i + 12), tanhv(v128.load(at(z, i + 12))));
  }
  for (; i + 4 <= n; i += 4) v128.store(at(a, i), tanhv(v128.load(at(z, i))));
  for (; i < n; i++) store<f32>(at(a, i), f32x4.extract_lane(tanhv(lane(load<f32>(at(z, i)))), 0));
}

/** dZ = dA·(1 − A²). */
export function tanhBackward(a: usize, dA: usize, dZ: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const ai = v128.load(at(a, i));
    v128.store(at(dZ, i), f32x4.mul(v128.load(at(dA, i)), f32x4.sub(one, f32x4.mul(ai, ai))));
  }
  for (; i < n; i++) {
    const ai = load<f32>(at(a, i));
    store<f32>(at(dZ, i), load<f32>(at(dA, i)) * (1 - ai * ai));
  }
}

/**
 * A = Z where Z > 0, else 0 (relu: `relu` 1) or slope·Z (leakyRelu). The comparison is false for
 * NaN, which gives 0 for relu as the TypeScript backend does.
 */
export function leakyReluForward(z: usize, a: usize, n: i32, slope: f32, relu: i32): void {
  const zero = f32x4.splat(0);
  const slopeV = f32x4.splat(slope);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const zi = v128.load(at(z, i));
    const negative = relu ? zero : f32x4.mul(zi, slopeV);
    v128.store(at(a, i), v128.bitselect(zi, negative, f32x4.gt(zi, zero)));
  }
  for (; i < n; i++) {
    const zi = load<f32>(at(z, i));
    store<f32>(at(a, i), zi > 0 ? zi : relu ? 0 : slope * zi);
  }
}

/** dZ = dA where Z > 0, else 0 (relu) or slope·dA. */
export function leakyReluBackward(z: usize, dA: usize, dZ: usize, n: i32, slope: f32, relu: i32): void {
  const zero = f32x4.splat(0);
  const slopeV = f32x4.splat(slope);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const di = v128.load(at(dA, i));
    const negative = relu ? zero : f32x4.mul(di, slopeV);
    v128.store(at(dZ, i), v128.bitselect(di, negative, f32x4.gt(v128.load(at(z, i)), zero)));
  }
  for (; i < n; i++) {
    const di = load<f32>(at(dA, i));
    store<f32>(at(dZ, i), load<f32>(at(z, i)) > 0 ? di : relu ? 0 : slope * di);
  }
}

/**
 * Softmax of each column of a rows×cols matrix, four columns at a time (they are adjacent in a
 * row-major matrix): subtract the column maximum, exponentiate, divide by the column sum.
 */
export function softmaxForward(z: usize, a: usize, rows: i32, cols: i32): void {
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    let top = v128.load(at(z, j));
    for (let i = 1; i < rows; i++) top = f32x4.max(top, v128.load(at(z, i * cols + j)));
    let sum = f32x4.splat(0);
    for (let i = 0; i < rows; i++) {
      const e = expv(f32x4.sub(v128.load(at(z, i * cols + j)), top));
      v128.store(at(a, i * cols + j), e);
      sum = f32x4.add(sum, e);
    }
    for (let i = 0; i < rows; i++) v128.store(at(a, i * cols + j), f32x4.div(v128.load(at(a, i * cols + j)), sum));
  }
  for (; j < cols; j++) {
    let top = load<f32>(at(z, j));
    for (let i = 1; i < rows; i++) top = max<f32>(top, load<f32>(at(z, i * cols + j)));
    let sum: f32 = 0;
    for (let i = 0; i < rows; i++) {
      const e = f32x4.extract_lane(expv(lane(load<f32>(at(z, i * cols + j)) - top)), 0);
      store<f32>(at(a, i * cols + j), e);
      sum += e;
    }
    for (let i = 0; i < rows; i++) store<f32>(at(a, i * cols + j), load<f32>(at(a, i * cols + j)) / sum);
  }
}

/** dZ_i = A_i·(dA_i − Σ_k A_k·dA_k) in each column: the softmax Jacobian applied to dA. */
export function softmaxBackward(a: usize, dA: usize, dZ: usize, rows: i32, cols: i32): void {
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    let dot = f32x4.splat(0);
    for (let i = 0; i < rows; i++) dot = f32x4.add(dot, f32x4.mul(v128.load(at(a, i * cols + j)), v128.load(at(dA, i * cols + j))));
    for (let i = 0; i < rows; i++) {
      const index = i * cols + j;
      v128.store(at(dZ, index), f32x4.mul(v128.load(at(a, index)), f32x4.sub(v128.load(at(dA, index)), dot)));
    }
  }
  for (; j < cols; j++) {
    let dot: f32 = 0;
    for (let i = 0; i < rows; i++) dot += load<f32>(at(a, i * cols + j)) * load<f32>(at(dA, i * cols + j));
    for (let i = 0; i < rows; i++) {
      const index = i * cols + j;
      store<f32>(at(dZ, index), load<f32>(at(a, index)) * (load<f32>(at(dA, index)) - dot));
    }
  }
}
