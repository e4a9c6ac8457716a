/** Shadow mode's count of this shift's output (ShadowPanel.tsx), kept out of the entry's shadow-state.ts. */
import type { ShadowLive } from './shadow-state.ts';

/**
 * This shift's output so far from the running output counter, by the forecaster's rule (`node/twin/forecaster.ts`): a
 * shift's starting count is its first report, taken only when the previous report was in the shift before or the
 * report comes within two minutes of the shift start; otherwise the shift's output is unknown (NaN) until the next one.
 */
export class ShiftCounter {
  private readonly shiftLength: number;
  private readonly grace: number;
  private shift = NaN;
  private start = NaN;

  /** `shiftLength` and `unitsPerHour` in model units. */
  constructor(shiftLength: number, unitsPerHour: number) {
    if (!(shiftLength > 0)) throw new Error(`ShiftCounter: the shift length must be positive, got ${shiftLength}`);
    this.shiftLength = shiftLength;
    this.grace = (2 / 60) * unitsPerHour;
  }

  /** Writes `time`, `shift` and `soFar` into `into` for a report of the counter at `time`. */
  update(time: number, count: number, into: ShadowLive): void {
    const shift = Math.floor(time / this.shiftLength + 1e-9);
    if (shift !== this.shift) {
      this.start = this.shift === shift - 1 || time - shift * this.shiftLength <= this.grace ? count : NaN;
      this.shift = shift;
    }
    into.time = time;
    into.shiftLength = this.shiftLength;
    into.shift = shift;
    into.soFar = count - this.start;
  }
}
