// Reading the entries of the lists of sparse-lists.ts, shared by the kernels that build them and
// the products that read them.

import { at } from './lanes';

/** Address of entry e of an array of T (an index: i32 or u16; a value: f32, or u8 for a level). */
// @ts-ignore: decorator
@inline
export function entry<T>(array: usize, e: i32): usize {
  return array + (<usize>e << alignof<T>());
}

/**
 * The value at `p` in all four lanes: a float32, or (V = u8) a level k read from the palette: 256
 * vectors of four float32(k / 255), made by the JavaScript side (see wasm-dataset-lists.ts).
 */
// @ts-ignore: decorator
@inline
export function valueAt<V>(p: usize, palette: usize): v128 {
  if (sizeof<V>() == 1) return v128.load(palette + (<usize>load<u8>(p) << 4));
  return v128.load32_splat(p);
}

/** One value of a narrow list (float32, or a level when there is a palette). */
// @ts-ignore: decorator
@inline
export function scalarAt(value: usize, palette: usize, e: i32): f32 {
  return palette ? load<f32>(palette + (<usize>load<u8>(value + <usize>e) << 4)) : load<f32>(at(value, e));
}

