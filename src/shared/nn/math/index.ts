// The project's elementary functions: what anything that reaches data, initial weights, training
// or sweep values calls instead of the host's Math.exp/log/sin/… (whose last bits differ between
// Node, Chromium and Electron). Ports of musl/fdlibm on IEEE-exact operations only; each file
// states its accuracy. test/unit/shared/exact-math-only.test.ts keeps host maths out of src/shared.

export { exp, expm1 } from './exp';
export { log, log1p } from './log';
export { pow } from './pow';
export { tanh } from './tanh';
export { cos, sin } from './trig';
