import type { FloatArray } from './types';
import { DatasetLists } from './wasm-dataset-lists';
import { PickedInput, type InputContext } from './wasm-input';
import { SPARSE_MAX_DENSITY, sparseInputPays } from './wasm-sparse';

// Kernels.inputRows on a wasm backend of either dtype: a batch picked from the lists of its
// dataset (wasm-dataset-lists.ts) when the backend keeps them, one input object per X buffer.
// Only the first source gets lists (a backend serves one run, and lists are never freed), and only
// a float32 source sparse enough to pay; a float64 backend reads its float32 values as float64,
// exactly what gathering them into its X would give.

export class DatasetInputs {
  /** The first source seen, and its lists (null: not worth keeping). */
  private dataset: { source: FloatArray; lists: DatasetLists | null } | null = null;
  /** The inputs picked into X buffers of the memory, by pointer. */
  private readonly picked = new Map<number, PickedInput>();

  constructor(private readonly context: InputContext) {}

  /** The batch rows[start … start + m − 1] of `source` as an input on X buffer x, or null when it is to be gathered. */
  pick(source: FloatArray, features: number, rows: Int32Array, start: number, m: number, x: FloatArray): PickedInput | null {
    const pointer = this.context.arena.pointerOf(x);
    const lists = pointer >= 0 && x.length === features * m ? this.listsOf(source, features) : null;
    if (!lists) return null;
    let input = this.picked.get(pointer);
    if (!input || input.target !== x) this.picked.set(pointer, (input = new PickedInput(this.context, lists, x, pointer)));
    return input.pick(rows, start, m);
  }

  /** The lists of the dataset (null: none yet, or not worth keeping). */
  get lists(): DatasetLists | null {
    return this.dataset?.lists ?? null;
  }

  private listsOf(source: FloatArray, features: number): DatasetLists | null {
    const { arena, threads } = this.context;
    this.dataset ??= {
      source,
      lists: source instanceof Float32Array && sparseInputPays(features) ? DatasetLists.build(arena, source, features, SPARSE_MAX_DENSITY, threads) : null,
    };
    const { lists } = this.dataset;
    return this.dataset.source === source && lists?.features === features ? lists : null;
  }
}
