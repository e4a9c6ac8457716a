/**
 * The twin's synchronised state of a plant, kept from its Sparkplug B stream (docs/plant-protocols.md): births set the
 * state, data update it; sequence gaps, deaths and stale data are flagged and answered by a rebirth request (the state
 * is kept, marked stale, and data are skipped until the next NBIRTH rather than papered over); bad data (an unknown
 * unit, NaN counters, out-of-order timestamps, bytes that are not Sparkplug) are flagged and skipped. Feeds the life
 * data (running time between renewals, failures, repairs) that the estimators learn from.
 */
import type { Life } from '../../core/twin/estimators.ts';
import { decode, nextSeq, parseTopic, type Metric, type Payload } from '../plant/sparkplug.ts';

/** One message as received: wall-clock receive time (epoch ms), topic, raw bytes. */
export interface TwinMessage {
  at: number;
  topic: string;
  bytes: Uint8Array;
}

export type FlagKind = 'seq-gap' | 'death' | 'stale' | 'unknown-unit' | 'nan' | 'out-of-order' | 'not-sparkplug' | 'not-born' | 'rebirth';

export interface Flag {
  /** Receive time (epoch ms). */
  at: number;
  /** Simulated time the twin had reached. */
  time: number;
  kind: FlagKind;
  detail: string;
}

export interface UnitState {
  id: string;
  kind: string;
  state: string;
  /** Simulated time of the last report. */
  time: number;
  produced: number;
  scrapped: number;
  energy: number;
  queue: number;
  utilization: number;
  signal: number;
  wear: number;
  level: number;
  /** Every metric's last value, by name. */
  metrics: Record<string, number | string | boolean>;
  /** Running (operating) time since the last renewal; valid only when the twin saw that renewal. */
  age: number;
  ageKnown: boolean;
  /** Simulated time of an unrepaired failure, NaN when none. */
  failedAt: number;
  failures: number;
  /** Completed lives: failures and censored ones (maintenance renewals). */
  lives: Life[];
  /** Failure-to-repair times (simulated). */
  repairs: number[];
}

/** Metrics that must be finite numbers (counters, clock, state code). */
const FINITE = new Set(['Time', 'Produced', 'Scrapped', 'State code']);
const COUNTERS = new Set(['Produced', 'Scrapped']);
/**
 * A plant's first births come a slice or two after its start (it runs on while its session opens): a unit born this
 * early is taken as new, with all of that time counted as running (an upper bound, off by at most those minutes).
 */
const EARLY_BIRTH = 0.25;

export interface SynchroniserOptions {
  edgeNodeId: string;
  /** The model's unit ids (a device with another id is an unknown unit). */
  unitIds: readonly string[];
  /** Asked for new births (NCMD Node Control/Rebirth); the twin answers gaps, deaths and stale data with it. */
  requestRebirth?: (reason: string) => void;
  /** Model time at which the plant's measured period starts (`RunnableModel.measurementStart`), if after 0. */
  measurementStart?: number;
}

/** A unit's counters when the plant's measured period started. */
export interface CountersAtStart {
  produced: number;
  failures: number;
  /** How many repairs had ended. */
  repairs: number;
}

export class Synchroniser {
  readonly options: SynchroniserOptions;
  readonly units = new Map<string, UnitState>();
  readonly flags: Flag[] = [];
  /** Node metrics' last values (KPI/..., Plant/...). */
  readonly node: Record<string, number | string | boolean> = {};
  /** Simulated time (model units) the stream has reached. */
  time = 0;
  /** Time of the first birth the twin saw. */
  startTime = NaN;
  /**
   * Each unit's counters at the start of the plant's measured period, read from the node report the plant publishes
   * at that instant (its slice ends there); undefined before it, or when the stream skipped that instant (joined
   * later, or a plant that does not end a slice there), which `measurementStartMissed` then says.
   */
  atMeasurementStart: Map<string, CountersAtStart> | undefined;
  measurementStartMissed = false;
  bdSeq: number | undefined;
  online = false;
  stale = false;
  births = 0;
  messages = 0;
  skipped = 0;
  private expectedSeq: number | undefined;
  private awaitingBirth = true;
  private lastPayloadTimestamp = -Infinity;
  private lastReceived = NaN;

  constructor(options: SynchroniserOptions) {
    this.options = options;
  }

  get unitsPerDay(): number {
    return Number(this.node['Plant/Units per day'] ?? 24);
  }

  private flag(at: number, kind: FlagKind, detail: string): void {
    this.flags.push({ at, time: this.time, kind, detail });
  }

  private askRebirth(at: number, reason: string): void {
    this.awaitingBirth = true;
    this.stale = true;
    // Nothing seen during the loss: running times since the last renewal are no longer known.
    for (const u of this.units.values()) {
      u.ageKnown = false;
      u.failedAt = NaN;
    }
    this.flag(at, 'rebirth', `rebirth requested: ${reason}`);
    this.options.requestRebirth?.(reason);
  }

  /** Called with the wall clock (or a recording's receive time): data older than `staleMs` mark the state stale. */
  checkStale(at: number, staleMs: number): void {
    if (!this.online || this.stale || Number.isNaN(this.lastReceived)) return;
    if (at - this.lastReceived > staleMs) {
      this.flag(at, 'stale', `no data for ${((at - this.lastReceived) / 1000).toFixed(1)} s`);
      this.askRebirth(at, 'stale data');
    }
  }

  receive(message: TwinMessage): void {
    const parsed = parseTopic(message.topic);
    if (!parsed || parsed.edgeNode !== this.options.edgeNodeId) return;
    if (parsed.type === 'NCMD' || parsed.type === 'DCMD') return;
    this.messages++;
    let payload: Payload;
    try {
      payload = decode(message.bytes);
    } catch (error) {
      this.skipped++;
      this.flag(message.at, 'not-sparkplug', `${message.topic}: ${(error as Error).message}`);
      return;
    }
    this.lastReceived = message.at;
    switch (parsed.type) {
      case 'NDEATH':
        return this.onDeath(message.at, payload);
      case 'NBIRTH':
        return this.onNodeBirth(message.at, payload);
      default:
        break;
    }
    if (this.awaitingBirth) {
      this.skipped++;
      return;
    }
    if (!this.checkSeq(message.at, parsed.type, payload)) return;
    if (payload.timestamp < this.lastPayloadTimestamp) {
      this.skipped++;
      this.flag(message.at, 'out-of-order', `${message.topic}: timestamp ${payload.timestamp} before ${this.lastPayloadTimestamp}`);
      return;
    }
    this.lastPayloadTimestamp = payload.timestamp;
    this.stale = false;
    if (parsed.type === 'NDATA') this.applyNode(message.at, payload.metrics);
    else if (parsed.type === 'DBIRTH' || parsed.type === 'DDATA') this.applyDevice(message.at, parsed.type, parsed.device ?? '', payload.metrics);
  }

  private checkSeq(at: number, type: string, payload: Payload): boolean {
    if (payload.seq !== this.expectedSeq) {
      this.skipped++;
      this.flag(at, 'seq-gap', `${type}: seq ${String(payload.seq)}, expected ${String(this.expectedSeq)}`);
      this.askRebirth(at, 'sequence gap');
      return false;
    }
    this.expectedSeq = nextSeq(this.expectedSeq!);
    return true;
  }

  private onDeath(at: number, payload: Payload): void {
    const bdSeq = payload.metrics.find((m) => m.name === 'bdSeq')?.value;
    if (this.bdSeq !== undefined && bdSeq !== this.bdSeq) return; // a stale death of an earlier session
    if (!this.online) return;
    this.online = false;
    this.flag(at, 'death', `NDEATH bdSeq ${String(bdSeq)}: state kept, marked stale until the next birth`);
    // A plant that comes back births by itself; the request also covers a host that lost only its own session.
    this.askRebirth(at, 'node death');
  }

  private onNodeBirth(at: number, payload: Payload): void {
    if (payload.seq !== 0) this.flag(at, 'seq-gap', `NBIRTH seq ${String(payload.seq)}, expected 0`);
    this.births++;
    this.bdSeq = payload.metrics.find((m) => m.name === 'bdSeq')?.value as number | undefined;
    this.expectedSeq = 1;
    this.awaitingBirth = false;
    this.online = true;
    this.stale = false;
    this.lastPayloadTimestamp = payload.timestamp;
    this.applyNode(at, payload.metrics);
    if (Number.isNaN(this.startTime)) this.startTime = this.time;
  }

  private applyNode(at: number, metrics: readonly Metric[]): void {
    for (const m of metrics) {
      if (m.name === 'bdSeq') continue;
      if (m.name === 'Plant/Time') {
        const t = m.value as number;
        if (!Number.isFinite(t)) {
          this.flag(at, 'nan', 'Plant/Time is not a finite number');
          continue;
        }
        if (t < this.time) {
          this.flag(at, 'out-of-order', `Plant/Time ${t} before ${this.time}`);
          continue;
        }
        this.time = t;
        this.noteMeasurementStart(t);
      }
      this.node[m.name] = m.value as number | string | boolean;
    }
  }

  // The unit reports of a slice come before its node report, so at a node report for the measurement start the units'
  // counters are the plant's at that instant.
  private noteMeasurementStart(t: number): void {
    const start = this.options.measurementStart;
    if (start === undefined || this.atMeasurementStart !== undefined || this.measurementStartMissed || t < start * (1 - 1e-12)) return;
    if (t > start * (1 + 1e-12) || this.births !== 1) {
      this.measurementStartMissed = true;
      return;
    }
    this.atMeasurementStart = new Map([...this.units].map(([id, u]) => [id, { produced: u.produced, failures: u.failures, repairs: u.repairs.length }]));
  }

  private applyDevice(at: number, type: 'DBIRTH' | 'DDATA', device: string, metrics: readonly Metric[]): void {
    if (!this.options.unitIds.includes(device)) {
      this.skipped++;
      this.flag(at, 'unknown-unit', `${type} for "${device}", not a unit of the model`);
      return;
    }
    let unit = this.units.get(device);
    if (type === 'DDATA' && !unit) {
      this.skipped++;
      this.flag(at, 'not-born', `DDATA for "${device}" before its DBIRTH`);
      return;
    }
    const time = metrics.find((m) => m.name === 'Time')?.value as number | undefined;
    if (time === undefined || !Number.isFinite(time)) {
      this.skipped++;
      this.flag(at, 'nan', `${type} ${device}: no finite Time`);
      return;
    }
    if (unit && time < unit.time) {
      this.skipped++;
      this.flag(at, 'out-of-order', `${type} ${device}: Time ${time} before ${unit.time}`);
      return;
    }
    if (!unit) {
      unit = {
        id: device,
        kind: '',
        state: 'idle',
        time,
        produced: 0,
        scrapped: 0,
        energy: NaN,
        queue: 0,
        utilization: 0,
        signal: NaN,
        wear: NaN,
        level: NaN,
        metrics: {},
        age: time <= EARLY_BIRTH ? time : 0,
        ageKnown: time <= EARLY_BIRTH,
        failedAt: NaN,
        failures: 0,
        lives: [],
        repairs: [],
      };
      this.units.set(device, unit);
    }
    // Operating time accrues in the state the unit was in since its last report.
    if (unit.state === 'running') unit.age += time - unit.time;
    unit.time = time;
    if (time > this.time) this.time = time;
    for (const m of metrics) {
      if (FINITE.has(m.name) && !(typeof m.value === 'number' && Number.isFinite(m.value))) {
        this.flag(at, 'nan', `${type} ${device}: ${m.name} is ${String(m.value)}`);
        continue;
      }
      if (COUNTERS.has(m.name) && (m.value as number) < ((unit.metrics[m.name] as number | undefined) ?? 0)) {
        this.flag(at, 'out-of-order', `${type} ${device}: counter ${m.name} went down`);
        continue;
      }
      if (m.name === 'Event') {
        if (m.value !== '') this.applyEvent(at, unit, String(m.value));
        continue;
      }
      unit.metrics[m.name] = m.value as number | string | boolean;
      switch (m.name) {
        case 'Info/Kind':
          unit.kind = String(m.value);
          break;
        case 'State':
          unit.state = String(m.value);
          break;
        case 'Produced':
          unit.produced = m.value as number;
          break;
        case 'Scrapped':
          unit.scrapped = m.value as number;
          break;
        case 'Energy':
          unit.energy = m.value as number;
          break;
        case 'Queue':
          unit.queue = m.value as number;
          break;
        case 'Utilization':
          unit.utilization = m.value as number;
          break;
        case 'Tool wear':
          unit.wear = m.value as number;
          break;
        case 'Level':
          unit.level = m.value as number;
          break;
        default:
          if (m.name.startsWith('Signal/')) unit.signal = m.value as number;
      }
    }
  }

  private applyEvent(at: number, unit: UnitState, text: string): void {
    let event: { t?: unknown; kind?: unknown };
    try {
      event = JSON.parse(text) as { t?: unknown; kind?: unknown };
    } catch {
      this.flag(at, 'nan', `${unit.id}: an Event that is not JSON`);
      return;
    }
    const t = event.t;
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      this.flag(at, 'nan', `${unit.id}: an Event without a finite time`);
      return;
    }
    switch (event.kind) {
      case 'failure':
        unit.failures++;
        if (unit.ageKnown) unit.lives.push({ exposure: unit.age, failed: true });
        unit.failedAt = t;
        break;
      case 'repair':
        if (!Number.isNaN(unit.failedAt)) unit.repairs.push(t - unit.failedAt);
        unit.failedAt = NaN;
        unit.age = 0;
        unit.ageKnown = true;
        break;
      case 'maintenance-done':
        if (unit.ageKnown) unit.lives.push({ exposure: unit.age, failed: false });
        unit.age = 0;
        unit.ageKnown = true;
        break;
      default:
        break;
    }
  }

  /** Lives so far, the running ones included as censored. */
  livesOf(unit: UnitState): Life[] {
    return unit.ageKnown && Number.isNaN(unit.failedAt) && unit.age > 0 ? [...unit.lives, { exposure: unit.age, failed: false }] : unit.lives;
  }
}
