/**
 * Decisions a running plant accepts from outside (an MES, an operator's HMI, a twin): request maintenance of a unit,
 * change the dispatching rule, move a process setpoint. A host (the networked plant, a test) submits a command between
 * two `runUntil` calls; it is checked at once (refused with a reason, nothing changes) and, when accepted, carried out
 * by the plant's own mechanics as the next kernel event, at the current simulated time. A host that records
 * `(time, command)` for every accepted command can replay a run exactly: advance to each recorded time and submit the
 * same command there (see `replayCommands`).
 */
import type { Simulation } from '../kernel/simulation.ts';

export type PlantCommand =
  | { readonly kind: 'maintain'; readonly unit: string }
  | { readonly kind: 'dispatching-rule'; readonly rule: string }
  | { readonly kind: 'setpoint'; readonly name: string; readonly value: number };

export interface SetpointSpec {
  /** Identifier used in commands (`reactor-temperature`, `feed`). */
  readonly name: string;
  /** The unit (view unit id) the setpoint belongs to. */
  readonly unitId: string;
  /** Engineering unit of the value (`°C`, `m³/h`). */
  readonly unit: string;
  readonly min: number;
  readonly max: number;
}

/** What a model's control accepts; empty lists where it accepts nothing of that kind. */
export interface CommandCapabilities {
  /** Units that can be sent to (preventive) maintenance. */
  readonly maintainable: readonly string[];
  /** Dispatching rules that can be set; `default` gives dispatching back to the level's own controller. */
  readonly rules: readonly string[];
  readonly setpoints: readonly SetpointSpec[];
}

export interface PlantControl {
  readonly accepts: CommandCapabilities;
  /**
   * Checks and schedules a command: returns the reason when it is refused (nothing changes), else undefined, and the
   * command is carried out as the next event at the current simulated time.
   */
  submit(command: PlantCommand): string | undefined;
}

/** A recorded command: the simulated time it was submitted at and what it was. */
export interface CommandRecord {
  readonly time: number;
  readonly command: PlantCommand;
}

/**
 * Builds a model's `PlantControl` from what it accepts and how it carries a command out. `refuse` may add a
 * state-dependent reason (a unit already in maintenance); `apply` runs inside a kernel event.
 */
export function makeControl(
  sim: Simulation,
  accepts: CommandCapabilities,
  apply: (command: PlantCommand) => void,
  refuse: (command: PlantCommand) => string | undefined = () => undefined,
): PlantControl {
  const channel = sim.channel<PlantCommand>('external-command', apply);
  return {
    accepts,
    submit(command) {
      const reason = checkCommand(accepts, command) ?? refuse(command);
      if (reason !== undefined) return reason;
      sim.schedule(0, channel, command);
      return undefined;
    },
  };
}

/** Why `command` does not fit `accepts`, or undefined. Checks types as well, since commands come from the network. */
export function checkCommand(accepts: CommandCapabilities, command: PlantCommand): string | undefined {
  if (typeof command !== 'object' || command === null) return 'a command must be an object';
  switch (command.kind) {
    case 'maintain': {
      if (typeof command.unit !== 'string') return 'maintain: unit must be a string';
      if (accepts.maintainable.includes(command.unit)) return undefined;
      return accepts.maintainable.length === 0
        ? 'maintain: this plant has no unit that can be maintained on request'
        : `maintain: unknown or non-maintainable unit "${command.unit}" (expected one of ${accepts.maintainable.join(', ')})`;
    }
    case 'dispatching-rule': {
      if (typeof command.rule !== 'string') return 'dispatching-rule: rule must be a string';
      if (accepts.rules.length === 0) return 'dispatching-rule: this plant has no dispatching rule to change';
      if (!accepts.rules.includes(command.rule)) return `dispatching-rule: unknown rule "${command.rule}" (expected one of ${accepts.rules.join(', ')})`;
      return undefined;
    }
    case 'setpoint': {
      const spec = accepts.setpoints.find((s) => s.name === command.name);
      if (!spec) {
        return accepts.setpoints.length === 0
          ? 'setpoint: this plant has no setpoint that can be set from outside'
          : `setpoint: unknown setpoint "${String(command.name)}" (expected one of ${accepts.setpoints.map((s) => s.name).join(', ')})`;
      }
      if (typeof command.value !== 'number' || !Number.isFinite(command.value)) return `setpoint ${spec.name}: value must be a finite number`;
      if (command.value < spec.min || command.value > spec.max) {
        return `setpoint ${spec.name}: ${command.value} ${spec.unit} is out of range [${spec.min}, ${spec.max}] ${spec.unit}`;
      }
      return undefined;
    }
    default:
      return `unknown command kind "${String((command as { kind?: unknown }).kind)}" (expected maintain, dispatching-rule or setpoint)`;
  }
}

/**
 * Replays a command log on a fresh run: advances to each recorded time, submits the command there (as the live host
 * did), and runs on to `until`. Returns the reasons of commands refused on replay (none when the log came from the
 * same model, level and seed).
 */
export function replayCommands(sim: Simulation, control: PlantControl, log: readonly CommandRecord[], until: number): string[] {
  const refused: string[] = [];
  for (const { time, command } of log) {
    if (time > sim.now) sim.runUntil(time);
    const reason = control.submit(command);
    if (reason !== undefined) refused.push(`t=${time}: ${reason}`);
  }
  if (until > sim.now) sim.runUntil(until);
  return refused;
}
