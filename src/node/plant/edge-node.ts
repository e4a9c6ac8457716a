/**
 * The plant as a Sparkplug B 3.0 edge node: one edge node (the model) with one device per equipment unit.
 * - Every MQTT session (the first and each reconnect) registers an NDEATH will carrying `bdSeq`, subscribes to its NCMD
 *   and DCMD topics, then publishes NBIRTH (seq 0, every node metric with its datatype) and a DBIRTH per unit: births
 *   carry the current values, so counters go on from where they were, with no gap and nothing counted twice.
 * - `publish()` reports by exception: NDATA with the plant clock and the KPIs that changed, DDATA per unit with the
 *   metrics that changed, the unit's notable events (each its own `Event` metric) and the simulated time.
 * - Each message carries the next seq (0-255, wrapping); while disconnected nothing is queued (births resend state).
 * - NCMD `Node Control/Rebirth` republishes the births; command metrics go to the plant (`PlantEngine.submit`);
 *   anything else (unknown metric, wrong datatype, oversized or undecodable payload) is refused, logged and counted.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { PlantCommand } from '../../core/runtime/control.ts';
import type { PlantEngine } from './engine.ts';
import { deviceMetrics, kpiMetrics, sameValue, withProperties, type DeviceMetricDefinition, type MetricDefinition, type MetricValue } from './metrics.ts';
import { decode, encode, nextSeq, sparkplugId, topic, type Metric, type MetricType, type Payload } from './sparkplug.ts';

/** Largest command payload the plant decodes (bytes); larger ones are refused unread. */
export const MAX_COMMAND_BYTES = 16 * 1024;

export interface EdgeNodeOptions {
  url: string;
  /** Sparkplug edge node id (the model's id, e.g. `3c-machining`). */
  edgeNodeId: string;
  /** What `--speed` was, for the `Plant/Speed` metric. */
  speed: string;
  log?: (line: string) => void;
  /** Wall clock in epoch ms for payload timestamps. */
  clock?: () => number;
  reconnectPeriodMs?: number;
}

/** Counters of what the node did, for tests and the benchmark. */
export interface EdgeNodeStats {
  messages: number;
  bytes: number;
  births: number;
  sessions: number;
}

export class SparkplugEdgeNode {
  readonly engine: PlantEngine;
  readonly edgeNodeId: string;
  readonly deviceIds: readonly string[];
  readonly stats: EdgeNodeStats = { messages: 0, bytes: 0, births: 0, sessions: 0 };
  private readonly options: EdgeNodeOptions;
  private readonly log: (line: string) => void;
  private readonly clock: () => number;
  private client: MqttClient | undefined;
  private bdSeq = 0;
  private seq = 0;
  private online = false;
  private sessionOpen = false;
  private readonly devices: DeviceMetricDefinition[];
  private readonly kpis: MetricDefinition[];
  /** Last published value per metric: node metrics by name, device metrics by `device\u0000name`. */
  private readonly last = new Map<string, MetricValue>();
  private commandsAccepted = 0;
  private commandsRefused = 0;
  private lastRefusal = '';
  private externalRule = 'default';
  private readonly setpointValues = new Map<string, number>();
  private readonly eventsByUnit: { time: number; kind: string; detail?: string }[][];

  constructor(engine: PlantEngine, options: EdgeNodeOptions) {
    this.engine = engine;
    this.options = options;
    this.edgeNodeId = sparkplugId(options.edgeNodeId);
    this.deviceIds = engine.view.units.map((u) => sparkplugId(u.id));
    this.log = options.log ?? (() => {});
    this.clock = options.clock ?? Date.now;
    this.devices = deviceMetrics(engine);
    this.kpis = kpiMetrics(engine);
    this.eventsByUnit = engine.view.units.map(() => []);
    for (const s of engine.accepts.setpoints) this.setpointValues.set(s.name, NaN);
  }

  get connected(): boolean {
    return this.online;
  }

  /** Connects (resolves on the first CONNACK) and keeps reconnecting after losses until `stop()`. */
  connect(): Promise<void> {
    const client = mqtt.connect(this.options.url, {
      clientId: `fabtwin-${this.edgeNodeId}-${process.pid}`,
      clean: true,
      protocolVersion: 4,
      keepalive: 5,
      reconnectPeriod: this.options.reconnectPeriodMs ?? 500,
      connectTimeout: 5000,
      queueQoSZero: false,
      will: { topic: topic('NDEATH', this.edgeNodeId), payload: Buffer.from(this.deathPayload()), qos: 1, retain: false },
    });
    this.client = client;
    client.on('connect', () => this.onConnect());
    client.on('close', () => {
      // Only a session that got its CONNACK used up its bdSeq (its will was registered with it).
      if (!this.sessionOpen) return;
      this.sessionOpen = false;
      this.online = false;
      // The next session registers a new will: bdSeq goes up by one per MQTT session (Sparkplug 3.0, tck-id-payloads-nbirth-bdseq).
      this.bdSeq = nextSeq(this.bdSeq);
      client.options.will!.payload = Buffer.from(this.deathPayload());
      this.log(`mqtt: connection to ${this.options.url} lost; reconnecting`);
    });
    client.on('error', (error) => this.log(`mqtt: ${error.message}`));
    client.on('message', (name, bytes) => this.onMessage(name, bytes));
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => reject(new Error(`cannot connect to ${this.options.url}: ${error.message}`));
      client.once('error', fail);
      client.once('connect', () => {
        client.off('error', fail);
        resolve();
      });
    });
  }

  private deathPayload(): Uint8Array {
    return encode({ timestamp: this.clock(), metrics: [{ name: 'bdSeq', type: 'UInt64', value: this.bdSeq }] });
  }

  private onConnect(): void {
    const client = this.client!;
    this.sessionOpen = true;
    this.stats.sessions++;
    client.subscribe([topic('NCMD', this.edgeNodeId), topic('DCMD', this.edgeNodeId, '+')], { qos: 0 }, (error) => {
      if (error) {
        this.log(`mqtt: subscribing to commands failed: ${error.message}`);
        return;
      }
      this.online = true;
      this.publishBirths();
    });
  }

  /** NBIRTH (seq 0) and one DBIRTH per unit, with every metric's current value, datatype and engineering unit. */
  publishBirths(): void {
    if (!this.online) return;
    this.stats.births++;
    this.seq = 0;
    const now = this.clock();
    this.last.clear();
    const nodeMetrics = this.nodeValues().map(({ def, value }) => {
      this.last.set(def.name, value);
      return withProperties(def, value, now);
    });
    this.send(topic('NBIRTH', this.edgeNodeId), {
      timestamp: now,
      seq: this.seq,
      metrics: [{ name: 'bdSeq', type: 'UInt64', value: this.bdSeq, timestamp: now }, ...nodeMetrics],
    });
    const readings = this.engine.read();
    const n = this.deviceIds.length;
    for (let i = 0; i < n; i++) {
      const device = this.deviceIds[i]!;
      const info = this.engine.view.units[i]!;
      const metrics: Metric[] = [
        { name: 'Time', type: 'Double', value: this.engine.now, timestamp: now },
        // What the unit is, for a follower drawing the plant (births only; they never change).
        { name: 'Info/Name', type: 'String', value: info.name, timestamp: now },
        { name: 'Info/Kind', type: 'String', value: info.kind, timestamp: now },
        { name: 'Info/Next', type: 'String', value: (info.next ?? []).join(','), timestamp: now },
        { name: 'Info/Index', type: 'Int32', value: i, timestamp: now },
      ];
      for (const def of this.devices) {
        const value = def.read(readings, i, n);
        this.last.set(`${device}\u0000${def.name}`, value);
        metrics.push(withProperties(def, value, now));
      }
      metrics.push({
        name: 'Event',
        type: 'String',
        value: '',
        timestamp: now,
        properties: { Description: { type: 'String', value: 'a notable event as JSON {"t": simulated time, "kind", "detail"?}' } },
      });
      for (const { def, value } of this.deviceCommandMetrics(i)) {
        this.last.set(`${device}\u0000${def.name}`, value);
        metrics.push(withProperties(def, value, now));
      }
      this.send(topic('DBIRTH', this.edgeNodeId, device), { timestamp: now, seq: this.advanceSeq(), metrics });
    }
    for (const list of this.eventsByUnit) list.length = 0;
    this.engine.takeEvents();
  }

  /** The node's metrics with their current values (births send all; NDATA the changed ones). */
  private nodeValues(): { def: MetricDefinition; value: MetricValue }[] {
    const e = this.engine;
    const kpiValues = e.kpis();
    const list: { def: MetricDefinition; value: MetricValue }[] = [
      { def: { name: 'Node Control/Rebirth', type: 'Boolean', description: 'write true (NCMD) to have the node publish its births again' }, value: false },
      { def: { name: 'Plant/Model', type: 'String', description: 'model name' }, value: e.model.name },
      { def: { name: 'Plant/Level', type: 'String', description: 'paradigm level run (L1, L2, L3)' }, value: e.level },
      { def: { name: 'Plant/Seed', type: 'Int64', description: 'random seed of the run' }, value: e.seed },
      { def: { name: 'Plant/Time unit', type: 'String', description: "the model's time unit" }, value: e.model.timeUnit },
      { def: { name: 'Plant/Units per day', type: 'Double', description: 'model time units in one day' }, value: e.unitsPerDay },
      { def: { name: 'Plant/Speed', type: 'String', description: "times real time, or 'max'" }, value: this.options.speed },
      { def: { name: 'Plant/Time', type: 'Double', unit: e.model.timeUnit, description: 'simulated time since the start' }, value: e.now },
      { def: { name: 'Plant/Day', type: 'Double', unit: 'd', description: 'simulated days since the start' }, value: e.now / e.unitsPerDay },
      { def: { name: 'Plant/Events', type: 'UInt64', description: 'kernel events processed' }, value: e.run.sim.eventCount },
      { def: { name: 'Plant/Commands accepted', type: 'UInt64', description: 'commands accepted and carried out' }, value: this.commandsAccepted },
      { def: { name: 'Plant/Commands refused', type: 'UInt64', description: 'commands refused' }, value: this.commandsRefused },
      { def: { name: 'Plant/Last refusal', type: 'String', description: 'why the last command was refused' }, value: this.lastRefusal },
      ...this.kpis.map((def) => ({ def, value: kpiValues[def.name.slice(4)] ?? NaN })),
    ];
    const accepts = e.accepts;
    if (accepts.rules.length > 0) {
      list.push({
        def: { name: 'Command/Dispatching rule', type: 'String', description: `write (NCMD) one of ${accepts.rules.join(', ')}` },
        value: this.externalRule,
      });
    }
    if (accepts.maintainable.length > 0) {
      list.push({
        def: { name: 'Command/Maintain', type: 'String', description: `write (NCMD) a unit id to maintain: ${accepts.maintainable.join(', ')}` },
        value: '',
      });
    }
    for (const s of accepts.setpoints) {
      list.push({
        def: {
          name: `Setpoint/${s.name}`,
          type: 'Double',
          unit: s.unit,
          description: `write (NCMD, or DCMD to ${s.unitId}) within [${s.min}, ${s.max}]; NaN until set from outside`,
        },
        value: this.setpointValues.get(s.name)!,
      });
    }
    return list;
  }

  private deviceCommandMetrics(unit: number): { def: MetricDefinition; value: MetricValue }[] {
    const id = this.engine.view.units[unit]!.id;
    const accepts = this.engine.accepts;
    const list: { def: MetricDefinition; value: MetricValue }[] = [];
    if (accepts.maintainable.includes(id))
      list.push({ def: { name: 'Command/Maintain', type: 'Boolean', description: 'write true (DCMD) to order a maintenance' }, value: false });
    for (const s of accepts.setpoints) {
      if (s.unitId !== id) continue;
      list.push({
        def: { name: `Setpoint/${s.name}`, type: 'Double', unit: s.unit, description: `write (DCMD) within [${s.min}, ${s.max}]; NaN until set from outside` },
        value: this.setpointValues.get(s.name)!,
      });
    }
    return list;
  }

  /** Reports what changed since the last report: NDATA for the plant, DDATA per unit. Returns messages sent. */
  publish(): number {
    const events = this.engine.takeEvents();
    if (!this.online) return 0;
    for (const event of events)
      this.eventsByUnit[event.unit]?.push({ time: event.time, kind: event.kind, ...(event.detail !== undefined ? { detail: event.detail } : {}) });
    const now = this.clock();
    let sent = 0;
    const nodeChanges: Metric[] = [];
    for (const { def, value } of this.nodeValues()) {
      if (sameValue(this.last.get(def.name), value)) continue;
      this.last.set(def.name, value);
      nodeChanges.push({ name: def.name, type: def.type, value, timestamp: now });
    }
    if (nodeChanges.length > 0) {
      this.send(topic('NDATA', this.edgeNodeId), { timestamp: now, seq: this.advanceSeq(), metrics: nodeChanges });
      sent++;
    }
    const readings = this.engine.read();
    const n = this.deviceIds.length;
    for (let i = 0; i < n; i++) {
      const device = this.deviceIds[i]!;
      const metrics: Metric[] = [];
      for (const def of this.devices) {
        const value = def.read(readings, i, n);
        const key = `${device}\u0000${def.name}`;
        if (sameValue(this.last.get(key), value)) continue;
        this.last.set(key, value);
        metrics.push({ name: def.name, type: def.type, value, timestamp: now });
      }
      for (const { def, value } of this.deviceCommandMetrics(i)) {
        const key = `${device}\u0000${def.name}`;
        if (sameValue(this.last.get(key), value)) continue;
        this.last.set(key, value);
        metrics.push({ name: def.name, type: def.type, value, timestamp: now });
      }
      const unitEvents = this.eventsByUnit[i]!;
      for (const event of unitEvents) {
        metrics.push({
          name: 'Event',
          type: 'String',
          value: JSON.stringify({ t: event.time, kind: event.kind, ...(event.detail !== undefined ? { detail: event.detail } : {}) }),
          timestamp: now,
        });
      }
      unitEvents.length = 0;
      if (metrics.length === 0) continue;
      metrics.unshift({ name: 'Time', type: 'Double', value: this.engine.now, timestamp: now });
      this.send(topic('DDATA', this.edgeNodeId, device), { timestamp: now, seq: this.advanceSeq(), metrics });
      sent++;
    }
    return sent;
  }

  private advanceSeq(): number {
    this.seq = nextSeq(this.seq);
    return this.seq;
  }

  private send(name: string, payload: Payload): void {
    const bytes = encode(payload);
    this.client!.publish(name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { qos: 0, retain: false });
    this.stats.messages++;
    this.stats.bytes += bytes.byteLength;
  }

  /** Bytes waiting in the socket's buffer (the caller pauses a flat-out run while the network falls behind). */
  get backlog(): number {
    const stream = (this.client as unknown as { stream?: { writableLength?: number } } | undefined)?.stream;
    return stream?.writableLength ?? 0;
  }

  private refuse(where: string, reason: string): void {
    this.commandsRefused++;
    this.lastRefusal = `${where}: ${reason}`;
    this.log(`command refused (${where}): ${reason}`);
  }

  private onMessage(name: string, bytes: Buffer): void {
    const device = name.startsWith(topic('DCMD', this.edgeNodeId) + '/') ? name.slice(topic('DCMD', this.edgeNodeId).length + 1) : undefined;
    const where = device !== undefined ? `DCMD ${device}` : 'NCMD';
    if (device === undefined && name !== topic('NCMD', this.edgeNodeId)) return;
    if (bytes.byteLength > MAX_COMMAND_BYTES) {
      this.refuse(where, `payload of ${bytes.byteLength} bytes is larger than ${MAX_COMMAND_BYTES}`);
      return;
    }
    let payload: Payload;
    try {
      payload = decode(bytes);
    } catch (error) {
      this.refuse(where, `not a Sparkplug B payload (${(error as Error).message})`);
      return;
    }
    if (payload.metrics.length === 0) {
      this.refuse(where, 'no metrics in the command');
      return;
    }
    const unit = device !== undefined ? this.engine.view.units[this.deviceIds.indexOf(device)] : undefined;
    if (device !== undefined && !unit) {
      this.refuse(where, `unknown device "${device}"`);
      return;
    }
    for (const metric of payload.metrics) {
      const what = `${where} ${metric.name}`;
      const command = this.commandOf(metric, unit?.id);
      if (command === 'rebirth') {
        this.log('rebirth requested');
        this.publishBirths();
        continue;
      }
      if (typeof command === 'string') {
        this.refuse(what, command);
        continue;
      }
      const reason = this.engine.submit(command);
      if (reason !== undefined) {
        this.refuse(what, reason);
        continue;
      }
      this.commandsAccepted++;
      if (command.kind === 'dispatching-rule') this.externalRule = command.rule;
      if (command.kind === 'setpoint') this.setpointValues.set(command.name, command.value);
      this.log(`command accepted at t=${this.engine.now}: ${JSON.stringify(command)}`);
    }
  }

  /** The plant command a metric asks for, 'rebirth', or the reason it is refused. */
  private commandOf(metric: Metric, unitId: string | undefined): PlantCommand | 'rebirth' | string {
    const expect = (types: MetricType[]) => (types.includes(metric.type) ? undefined : `expected datatype ${types.join(' or ')}, got ${metric.type}`);
    const numeric: MetricType[] = ['Double', 'Int32', 'Int64', 'UInt64'];
    if (unitId === undefined) {
      if (metric.name === 'Node Control/Rebirth') {
        return expect(['Boolean']) ?? (metric.value === true ? 'rebirth' : 'Node Control/Rebirth must be true');
      }
      if (metric.name === 'Command/Dispatching rule') return expect(['String']) ?? { kind: 'dispatching-rule', rule: String(metric.value) };
      if (metric.name === 'Command/Maintain') return expect(['String']) ?? { kind: 'maintain', unit: String(metric.value) };
    } else if (metric.name === 'Command/Maintain') {
      return expect(['Boolean']) ?? (metric.value === true ? { kind: 'maintain', unit: unitId } : 'Command/Maintain must be true');
    }
    if (metric.name.startsWith('Setpoint/')) {
      const name = metric.name.slice('Setpoint/'.length);
      const spec = this.engine.accepts.setpoints.find((s) => s.name === name);
      if (spec && unitId !== undefined && spec.unitId !== unitId) return `setpoint ${name} belongs to ${spec.unitId}, not ${unitId}`;
      return expect(numeric) ?? { kind: 'setpoint', name, value: Number(metric.value) };
    }
    return `unknown metric "${metric.name}"`;
  }

  /** Publishes the death certificate (the same NDEATH the will carries) and closes the connection. */
  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    if (this.online) {
      await new Promise<void>((resolve) => {
        client.publish(topic('NDEATH', this.edgeNodeId), Buffer.from(this.deathPayload()), { qos: 1, retain: false }, () => resolve());
      });
    }
    this.online = false;
    this.sessionOpen = false;
    await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
  }
}
