/**
 * The control capability's decision for both regulatory loops (reactor temperature, preheater outlet): how each level
 * tunes a PI loop from the commissioning step test. L1: lambda tuning with a conservative closed-loop time (the usual
 * factory setting); L2 and L3: SIMC (tau_c = theta). L3's reactor loop then retunes online (`reactor.ts`).
 */
import { lambdaTuning, simcTuning, type Fopdt, type PidTuning } from '../control.ts';
import type { ProcessContext } from './context.ts';

export function loopTuning(ctx: ProcessContext, model: Fopdt): PidTuning {
  if (ctx.levels.control === 'L1') return lambdaTuning(model, ctx.model.decisions.conservativeLambdaFactor * model.tau1);
  return simcTuning(model);
}
