/**
 * Deterministic elementary functions for the simulation core.
 *
 * ECMAScript leaves Math.exp, log, pow (and **), sin, cos, tanh, hypot ... "implementation-approximated": V8 versions,
 * SpiderMonkey and JavaScriptCore (system libm) differ in the last bit for a few per cent of inputs, which breaks the
 * promise that a model, level and seed give bit-identical results wherever they run. These functions use only IEEE
 * double +, -, *, /, Math.sqrt (correctly rounded), abs/floor/trunc and bit access through typed arrays, all of which are
 * exact on every engine, so they return the same bits everywhere. The price is speed (see each file's header).
 * src/core must call these, never the Math ones (tests/core-boundary.test.ts enforces it).
 */
export { exp, expm1 } from './exp.ts';
export { log } from './log.ts';
export { pow } from './pow.ts';
export { sin, cos } from './trig.ts';
export { tanh } from './tanh.ts';
export { hypot } from './hypot.ts';
