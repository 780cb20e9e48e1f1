// Entry points of the kernel module (float32 kernels, and their float64 twins named …64). Every array argument is a byte offset into the
// imported shared memory; the JavaScript side (src/shared/nn/kernels/wasm.ts) owns allocation.

export { gemm, gemmWorkspaceBytes } from './gemm';
export { gemm64, gemm64WorkspaceBytes } from './gemm64';
export { addBias, axpy, multiply, scale, sumColumns, sumSquaredDifferences, sumSquares, summarize } from './elementwise';
export {
  leakyReluBackward,
  leakyReluForward,
  sigmoidBackward,
  sigmoidForward,
  softmaxBackward,
  softmaxForward,
  tanhBackward,
  tanhForward,
} from './activations';
export { compressRows, compressRowsLevels, compressRowsNarrow, countNonzeros, eightBitLevels, expandListsTransposed, transposeLists } from './sparse-lists';
export { packPanels, panelsLength, sparsePanelUnits, sparseProduct } from './sparse-product';
export { expandListsTransposed64, packPanels64, panelsLength64, sparsePanelUnits64, sparseProduct64 } from './sparse-product64';
export { transpose } from './transpose';
export { adamStep, momentumStep, rmspropStep, sgdStep } from './optimizers';
export { addBias64, axpy64, multiply64, scale64, sumColumns64, sumSquaredDifferences64, sumSquares64, summarize64 } from './elementwise64';
export {
  leakyReluBackward64,
  leakyReluForward64,
  sigmoidBackward64,
  sigmoidForward64,
  softmaxBackward64,
  softmaxForward64,
  tanhBackward64,
  tanhForward64,
} from './activations64';
export { adamStep64, momentumStep64, rmspropStep64, sgdStep64 } from './optimizers64';

/** First byte past the module's own static data: where the JavaScript allocator may start. */
export function heapBase(): usize {
  return __heap_base;
}
