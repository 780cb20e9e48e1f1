import { at, high, low, narrow } from './lanes';

// Optimizer updates (each optimizer's formula is in its registry entry, src/shared/nn/optimizers.ts),
// computed in float64 lanes with the TypeScript backend's operation order (kernels/ts-optimizer-
// steps.ts) so both backends take bit-identical steps from the same gradients. Each loop handles
// four parameters per iteration as two float64 pairs.
//
// Every optimizer's kernel is `<name>Step(arrays, scalars, from, to)` — the name is the registry's,
// which is how the JavaScript side finds it — and updates parameters [from, to): `arrays` points at
// the float32 arrays' pointers (param, grad, then the registry entry's state arrays in order) and
// `scalars` at its float64 scalars (the entry's `scalars`, in order). Each parameter's update reads
// its own entries only, so any split into ranges gives the bits of one call.

/** Pointer i of a step's `arrays`. */
// @ts-ignore: decorator
@inline
function array(arrays: usize, i: i32): usize {
  return <usize>load<u32>(arrays + (<usize>i << 2));
}

/** Scalar i of a step's `scalars`. */
// @ts-ignore: decorator
@inline
function scalar(scalars: usize, i: i32): f64 {
  return load<f64>(scalars + (<usize>i << 3));
}

/** θ ← θ − lr·g. Scalars: lr. */
export function sgdStep(arrays: usize, scalars: usize, from: i32, to: i32): void {
  const param = array(arrays, 0);
  const grad = array(arrays, 1);
  const lr = scalar(scalars, 0);
  const lrV = f64x2.splat(lr);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const p = v128.load(at(param, i));
    const g = v128.load(at(grad, i));
    v128.store(at(param, i), narrow(f64x2.sub(low(p), f64x2.mul(lrV, low(g))), f64x2.sub(high(p), f64x2.mul(lrV, high(g)))));
  }
  for (; i < to; i++) store<f32>(at(param, i), <f32>(<f64>load<f32>(at(param, i)) - lr * <f64>load<f32>(at(grad, i))));
}

// @ts-ignore: decorator
@inline
function momentumPair(p: v128, g: v128, velocity: v128, lr: v128, mu: v128, nesterov: bool): v128 {
  return f64x2.sub(p, f64x2.mul(lr, nesterov ? f64x2.add(g, f64x2.mul(mu, velocity)) : velocity));
}

/**
 * v ← μ·v + g; θ ← θ − lr·v, or with Nesterov θ ← θ − lr·(g + μ·v); the unrounded v feeds θ.
 * State: v. Scalars: lr, μ, Nesterov (1) or not (0).
 */
export function momentumStep(arrays: usize, scalars: usize, from: i32, to: i32): void {
  const param = array(arrays, 0);
  const grad = array(arrays, 1);
  const velocity = array(arrays, 2);
  const lr = scalar(scalars, 0);
  const momentum = scalar(scalars, 1);
  const nesterov = scalar(scalars, 2) != 0;
  const lrV = f64x2.splat(lr);
  const mu = f64x2.splat(momentum);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const p = v128.load(at(param, i));
    const g = v128.load(at(grad, i));
    const vOld = v128.load(at(velocity, i));
    const vLo = f64x2.add(f64x2.mul(mu, low(vOld)), low(g));
    const vHi = f64x2.add(f64x2.mul(mu, high(vOld)), high(g));
    v128.store(at(velocity, i), narrow(vLo, vHi));
    v128.store(
      at(param, i),
      narrow(momentumPair(low(p), low(g), vLo, lrV, mu, nesterov), momentumPair(high(p), high(g), vHi, lrV, mu, nesterov)),
    );
  }
  for (; i < to; i++) {
    const g = <f64>load<f32>(at(grad, i));
    const v = momentum * <f64>load<f32>(at(velocity, i)) + g;
    store<f32>(at(velocity, i), <f32>v);
    store<f32>(at(param, i), <f32>(<f64>load<f32>(at(param, i)) - lr * (nesterov ? g + momentum * v : v)));
  }
}

// @ts-ignore: decorator
@inline
function rmspropPair(p: v128, g: v128, s: v128, lr: v128, eps: v128): v128 {
  return f64x2.sub(p, f64x2.div(f64x2.mul(lr, g), f64x2.add(f64x2.sqrt(s), eps)));
}

/** s ← ρ·s + (1 − ρ)·g²; θ ← θ − lr·g / (√s + ε). State: s. Scalars: lr, ρ, ε. */
export function rmspropStep(arrays: usize, scalars: usize, from: i32, to: i32): void {
  const param = array(arrays, 0);
  const grad = array(arrays, 1);
  const meanSquare = array(arrays, 2);
  const lr = scalar(scalars, 0);
  const rho = scalar(scalars, 1);
  const epsilon = scalar(scalars, 2);
  const lrV = f64x2.splat(lr);
  const rhoV = f64x2.splat(rho);
  const keep = f64x2.splat(1 - rho);
  const eps = f64x2.splat(epsilon);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const p = v128.load(at(param, i));
    const g = v128.load(at(grad, i));
    const s = v128.load(at(meanSquare, i));
    const gLo = low(g);
    const gHi = high(g);
    const sLo = f64x2.add(f64x2.mul(rhoV, low(s)), f64x2.mul(f64x2.mul(keep, gLo), gLo));
    const sHi = f64x2.add(f64x2.mul(rhoV, high(s)), f64x2.mul(f64x2.mul(keep, gHi), gHi));
    v128.store(at(meanSquare, i), narrow(sLo, sHi));
    v128.store(at(param, i), narrow(rmspropPair(low(p), gLo, sLo, lrV, eps), rmspropPair(high(p), gHi, sHi, lrV, eps)));
  }
  for (; i < to; i++) {
    const g = <f64>load<f32>(at(grad, i));
    const s = rho * <f64>load<f32>(at(meanSquare, i)) + (1 - rho) * g * g;
    store<f32>(at(meanSquare, i), <f32>s);
    store<f32>(at(param, i), <f32>(<f64>load<f32>(at(param, i)) - (lr * g) / (Math.sqrt(s) + epsilon)));
  }
}

// @ts-ignore: decorator
@inline
function adamPair(p: v128, m: v128, v: v128, lr: v128, c1: v128, c2: v128, eps: v128): v128 {
  return f64x2.sub(p, f64x2.div(f64x2.mul(lr, f64x2.div(m, c1)), f64x2.add(f64x2.sqrt(f64x2.div(v, c2)), eps)));
}

/**
 * m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; θ ← θ − lr·(m/c1) / (√(v/c2) + ε), with the
 * bias corrections c1 = 1 − β1^t and c2 = 1 − β2^t. State: m, v. Scalars: lr, β1, β2, ε, c1, c2.
 */
export function adamStep(arrays: usize, scalars: usize, from: i32, to: i32): void {
  const param = array(arrays, 0);
  const grad = array(arrays, 1);
  const m = array(arrays, 2);
  const v = array(arrays, 3);
  const lr = scalar(scalars, 0);
  const beta1 = scalar(scalars, 1);
  const beta2 = scalar(scalars, 2);
  const epsilon = scalar(scalars, 3);
  const correction1 = scalar(scalars, 4);
  const correction2 = scalar(scalars, 5);
  const lrV = f64x2.splat(lr);
  const b1 = f64x2.splat(beta1);
  const b2 = f64x2.splat(beta2);
  const k1 = f64x2.splat(1 - beta1);
  const k2 = f64x2.splat(1 - beta2);
  const c1 = f64x2.splat(correction1);
  const c2 = f64x2.splat(correction2);
  const eps = f64x2.splat(epsilon);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const p = v128.load(at(param, i));
    const g = v128.load(at(grad, i));
    const mv = v128.load(at(m, i));
    const vv = v128.load(at(v, i));
    const gLo = low(g);
    const gHi = high(g);
    const mLo = f64x2.add(f64x2.mul(b1, low(mv)), f64x2.mul(k1, gLo));
    const mHi = f64x2.add(f64x2.mul(b1, high(mv)), f64x2.mul(k1, gHi));
    const vLo = f64x2.add(f64x2.mul(b2, low(vv)), f64x2.mul(f64x2.mul(k2, gLo), gLo));
    const vHi = f64x2.add(f64x2.mul(b2, high(vv)), f64x2.mul(f64x2.mul(k2, gHi), gHi));
    v128.store(at(m, i), narrow(mLo, mHi));
    v128.store(at(v, i), narrow(vLo, vHi));
    v128.store(at(param, i), narrow(adamPair(low(p), mLo, vLo, lrV, c1, c2, eps), adamPair(high(p), mHi, vHi, lrV, c1, c2, eps)));
  }
  for (; i < to; i++) {
    const g = <f64>load<f32>(at(grad, i));
    const mi = beta1 * <f64>load<f32>(at(m, i)) + (1 - beta1) * g;
    const vi = beta2 * <f64>load<f32>(at(v, i)) + (1 - beta2) * g * g;
    store<f32>(at(m, i), <f32>mi);
    store<f32>(at(v, i), <f32>vi);
    store<f32>(at(param, i), <f32>(<f64>load<f32>(at(param, i)) - (lr * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon)));
  }
}
