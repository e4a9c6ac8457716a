/**
 * A running model's state handed over from a plant it follows (the digital twin's forks, docs/twin.md): what the twin
 * knows of each unit from the plant's stream, to be written into a fork after it has been advanced to the plant's
 * time, so that the fork's remainder is conditional on the plant's state rather than on its own. A model copies what
 * its mechanics can accept and says what it left (`SynchroniseResult`); everything else stays the fork's own. The 3C
 * plant reads states, ages and wear (machining/synchronise.ts); the process plant reads states, measured signals and
 * the twin's estimates of its hidden state (process/synchronise.ts).
 */

/** What the twin knows of one unit (fields it does not know are left out). */
export interface UnitSnapshot {
  /** The view's unit id (`cnc-3`). */
  readonly id: string;
  /** The view's state name (`running`, `down`, `maintenance`, `idle`, ...). */
  readonly state?: string;
  /** Operating time since the unit's last renewal (repair or maintenance), model time units. */
  readonly age?: number;
  /** Time the unit has been down so far, when it is down. */
  readonly downFor?: number;
  /** Tool-life counter: nominal wear since the last tool change, in % of a nominal tool life (as the view reads it). */
  readonly wear?: number;
  /**
   * Measured signals by the name the view gives them (`PlantView.measurements` and `signal`: `flow`, `outlet B`,
   * `temperature`, ...), in the view's units, as last read from the stream.
   */
  readonly measured?: Readonly<Record<string, number>>;
}

export interface PlantSnapshot {
  readonly units: readonly UnitSnapshot[];
  /**
   * The twin's estimates of hidden state now, by name (the process plant: `catalystActivity`, `foulingResistance`,
   * `feedConcentration`); a name left out keeps the run's own value (the model file's, when the twin does not learn).
   */
  readonly estimated?: Readonly<Record<string, number>>;
}

export interface SynchroniseResult {
  /** `unit: what` for each thing written into the run. */
  readonly copied: string[];
  /** `unit: what (why not)` for each thing the snapshot held that the run could not take. */
  readonly skipped: string[];
}
