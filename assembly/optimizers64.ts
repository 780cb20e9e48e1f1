import { at64 } from './lanes';

// The optimizer updates on float64 arrays: optimizers.ts's float64 twins, `<name>Step64(arrays,
// scalars, from, to)` with the same arguments (pointers to param, grad and the entry's state
// arrays; the entry's scalars), each the TypeScript backend's loop (kernels/ts-optimizer-steps.ts)
// operation for operation on two lanes at a time, so both take bit-identical steps. Each
// parameter's update reads its own entries only, so any split into ranges gives the bits of one call.

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
export function sgdStep64(arrays: usize, scalars: usize, from: i32, to: i32): void {
  const param = array(arrays, 0);
  const grad = array(arrays, 1);
  const lr = scalar(scalars, 0);
  const lrV = f64x2.splat(lr);
  let i = from;
  for (; i + 2 <= to; i += 2) v128.store(at64(param, i), f64x2.sub(v128.load(at64(param, i)), f64x2.mul(lrV, v128.load(at64(grad, i)))));
  for (; i < to; i++) store<f64>(at64(param, i), load<f64>(at64(param, i)) - lr * load<f64>(at64(grad, i)));
}

/** v ← μ·v + g; θ ← θ − lr·v, or with Nesterov θ ← θ − lr·(g + μ·v). State: v. Scalars: lr, μ, Nesterov (1) or not (0). */
export function momentumStep64(arrays: usize, scalars: usize, from: i32, to: i32): void {
  const param = array(arrays, 0);
  const grad = array(arrays, 1);
  const velocity = array(arrays, 2);
  const lr = scalar(scalars, 0);
  const momentum = scalar(scalars, 1);
  const nesterov = scalar(scalars, 2) != 0;
  const lrV = f64x2.splat(lr);
  const mu = f64x2.splat(momentum);
  let i = from;
  for (; i + 2 <= to; i += 2) {
    const g = v128.load(at64(grad, i));
    const v = f64x2.add(f64x2.mul(mu, v128.load(at64(velocity, i))), g);
    v128.store(at64(velocity, i), v);
    v128.store(at64(param, i), f64x2.sub(v128.load(at64(param, i)), f64x2.mul(lrV, nesterov ? f64x2.add(g, f64x2.mul(mu, v)) : v)));
  }
  for (; i < to; i++) {
    const g = load<f64>(at64(grad, i));
    const v = momentum * load<f64>(at64(velocity, i)) + g;
    store<f64>(at64(velocity, i), v);
    store<f64>(at64(param, i), load<f64>(at64(param, i)) - lr * (nesterov ? g + momentum * v : v));
  }
}

/** s ← ρ·s + (1 − ρ)·g²; θ ← θ − lr·g / (√s + ε). State: s. Scalars: lr, ρ, ε. */
export function rmspropStep64(arrays: usize, scalars: usize, from: i32, to: i32): void {
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
  for (; i + 2 <= to; i += 2) {
    const g = v128.load(at64(grad, i));
    const s = f64x2.add(f64x2.mul(rhoV, v128.load(at64(meanSquare, i))), f64x2.mul(f64x2.mul(keep, g), g));
    v128.store(at64(meanSquare, i), s);
    v128.store(at64(param, i), f64x2.sub(v128.load(at64(param, i)), f64x2.div(f64x2.mul(lrV, g), f64x2.add(f64x2.sqrt(s), eps))));
  }
  for (; i < to; i++) {
    const g = load<f64>(at64(grad, i));
    const s = rho * load<f64>(at64(meanSquare, i)) + (1 - rho) * g * g;
    store<f64>(at64(meanSquare, i), s);
    store<f64>(at64(param, i), load<f64>(at64(param, i)) - (lr * g) / (Math.sqrt(s) + epsilon));
  }
}

/**
 * m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; θ ← θ − lr·(m/c1) / (√(v/c2) + ε).
 * State: m, v. Scalars: lr, β1, β2, ε, c1, c2.
 */
export function adamStep64(arrays: usize, scalars: usize, from: i32, to: i32): void {
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
  for (; i + 2 <= to; i += 2) {
    const g = v128.load(at64(grad, i));
    const mi = f64x2.add(f64x2.mul(b1, v128.load(at64(m, i))), f64x2.mul(k1, g));
    const vi = f64x2.add(f64x2.mul(b2, v128.load(at64(v, i))), f64x2.mul(f64x2.mul(k2, g), g));
    v128.store(at64(m, i), mi);
    v128.store(at64(v, i), vi);
    const update = f64x2.div(f64x2.mul(lrV, f64x2.div(mi, c1)), f64x2.add(f64x2.sqrt(f64x2.div(vi, c2)), eps));
    v128.store(at64(param, i), f64x2.sub(v128.load(at64(param, i)), update));
  }
  for (; i < to; i++) {
    const g = load<f64>(at64(grad, i));
    const mi = beta1 * load<f64>(at64(m, i)) + (1 - beta1) * g;
    const vi = beta2 * load<f64>(at64(v, i)) + (1 - beta2) * g * g;
    store<f64>(at64(m, i), mi);
    store<f64>(at64(v, i), vi);
    store<f64>(at64(param, i), load<f64>(at64(param, i)) - (lr * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon));
  }
}
