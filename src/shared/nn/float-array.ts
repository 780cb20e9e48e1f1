/** Storage of every matrix and vector in the core: float64 or float32. */
export type FloatArray = Float64Array | Float32Array;
