/**
 * The live twin following a remote plant: an MQTT over WebSocket client (mqtt.js's browser build) that reads the
 * Sparkplug B stream of `npm run plant` (docs/plant-protocols.md) and writes it where the local engine's frames go:
 * `useApp.loaded` from the births, the `live` arrays and event log from NDATA/DDATA. While it is active the engine
 * client ignores the local worker's frames (`remote.active`). A lost broker marks the data stale and mqtt.js reconnects
 * by itself; data from a node whose births it has not seen makes it ask for a rebirth (NCMD Node Control/Rebirth).
 */
import mqtt, { type MqttClient } from 'mqtt';
import { create } from 'zustand';
import type { KpiDefinition } from '../../core/experiment/kpi.ts';
import { isLevel } from '../../core/experiment/levels.ts';
import { DECISION_KINDS, PLANT_EVENT_KINDS, type PlantEvent, type PlantEventKind, type PredictionInfo, type UnitInfo } from '../../core/runtime/view.ts';
import { decode, encode, parseTopic, topic, type Metric } from '../../node/plant/sparkplug.ts';
import { catalog } from '../engine/catalog.ts';
import { DECISIONS_PER_UNIT, live, LOG_LENGTH, useApp } from '../store.ts';
import { remote } from './remote-state.ts';

export type ConnectionStatus = 'off' | 'connecting' | 'connected' | 'disconnected';

export interface RemoteState {
  status: ConnectionStatus;
  /** The edge node followed. */
  node?: string;
  /** The data shown is not current: the broker or the node is gone. */
  stale: boolean;
  error?: string;
}

export const useRemote = create<RemoteState>(() => ({ status: 'off', stale: false }));

interface Followed {
  nodeId: string;
  bdSeq: number;
  name: string;
  level: string;
  seed: number;
  unitsPerDay: number;
  timeUnit: string;
  kpis: KpiDefinition[];
  units: (UnitInfo & { index: number })[];
  signal?: { name: string; unit: string };
  predictions: PredictionInfo[];
}

let client: MqttClient | undefined;
let followed: Followed | undefined;
let rebirthAskedAt = -Infinity;
let publishLoaded: ReturnType<typeof setTimeout> | undefined;

export function connectRemote(url: string): void {
  disconnectRemote();
  remote.active = true;
  if (useApp.getState().running) useApp.setState({ running: false });
  useRemote.setState({ status: 'connecting', stale: true, error: undefined, node: undefined });
  let created: MqttClient;
  try {
    created = mqtt.connect(url, {
      clientId: `fabtwin-twin-${Math.random().toString(36).slice(2, 10)}`,
      reconnectPeriod: 1000,
      connectTimeout: 4000,
      clean: true,
    });
  } catch (error) {
    useRemote.setState({ status: 'disconnected', error: (error as Error).message });
    return;
  }
  client = created;
  created.on('connect', () => {
    useRemote.setState({ status: 'connected', error: undefined });
    created.subscribe('spBv1.0/FabTwin/#', { qos: 0 });
    // A host that joins late asks for births as soon as it knows the node (below, on its first data).
    rebirthAskedAt = -Infinity;
  });
  created.on('close', () => {
    if (client !== created) return;
    useRemote.setState({ status: 'disconnected', stale: true });
    followed = followed && { ...followed, bdSeq: -1 };
  });
  created.on('error', (error) => useRemote.setState({ error: error.message }));
  created.on('message', (name, bytes) => {
    if (client !== created) return;
    receive(name, bytes);
    for (const tap of streamTaps) tap(name, bytes);
  });
}

/** Followers of the raw stream (the Shadow panel's twin), called after the view took each message. */
export const streamTaps = new Set<(topicName: string, bytes: Uint8Array) => void>();

/** Publishes a command to the followed node (the Shadow panel's decisions at L3); false when not connected. */
export function sendRemoteCommand(metrics: Metric[]): boolean {
  if (!client || !followed) return false;
  client.publish(topic('NCMD', followed.nodeId), encode({ timestamp: Date.now(), metrics }) as unknown as Parameters<MqttClient['publish']>[1]);
  return true;
}

export function disconnectRemote(): void {
  const old = client;
  client = undefined;
  followed = undefined;
  old?.end(true);
  remote.active = false;
  useRemote.setState({ status: 'off', stale: false, node: undefined });
}

function value(metrics: readonly Metric[], name: string): Metric['value'] | undefined {
  return metrics.find((m) => m.name === name)?.value;
}

function receive(name: string, bytes: Uint8Array): void {
  const where = parseTopic(name);
  if (!where || where.group !== 'FabTwin') return;
  if (followed && where.edgeNode !== followed.nodeId) return;
  let payload;
  try {
    payload = decode(bytes);
  } catch {
    return;
  }
  const metrics = payload.metrics;
  switch (where.type) {
    case 'NBIRTH':
      onNodeBirth(where.edgeNode, metrics);
      return;
    case 'DBIRTH':
      if (followed?.nodeId === where.edgeNode && where.device !== undefined) onDeviceBirth(where.device, metrics);
      return;
    case 'NDEATH':
      if (followed && value(metrics, 'bdSeq') === followed.bdSeq) useRemote.setState({ stale: true });
      return;
    case 'NDATA':
    case 'DDATA':
      if (!followed || followed.nodeId !== where.edgeNode || followed.bdSeq < 0) {
        askRebirth(where.edgeNode);
        return;
      }
      if (where.type === 'NDATA') onNodeData(metrics);
      else if (where.device !== undefined) onDeviceData(where.device, metrics);
      live.frame++;
      return;
  }
}

function askRebirth(nodeId: string): void {
  const now = performance.now();
  if (!client || now - rebirthAskedAt < 2000) return;
  rebirthAskedAt = now;
  // mqtt.js's browser build writes any byte array; its types name only Node's Buffer.
  client.publish(topic('NCMD', nodeId), encodeRebirth() as unknown as Parameters<MqttClient['publish']>[1]);
}

function encodeRebirth(): Uint8Array {
  const bytes = encode({ timestamp: Date.now(), metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }] });
  return bytes;
}

function onNodeBirth(nodeId: string, metrics: readonly Metric[]): void {
  const kpis: KpiDefinition[] = metrics
    .filter((m) => m.name.startsWith('KPI/'))
    .map((m) => ({
      key: m.name.slice(4),
      label: m.properties?.Description?.value ?? m.name.slice(4),
      unit: m.properties?.engUnit?.value ?? '',
      better: 'neither',
    }));
  followed = {
    nodeId,
    bdSeq: Number(value(metrics, 'bdSeq') ?? 0),
    name: String(value(metrics, 'Plant/Model') ?? nodeId),
    level: String(value(metrics, 'Plant/Level') ?? 'L1'),
    seed: Number(value(metrics, 'Plant/Seed') ?? 0),
    unitsPerDay: Number(value(metrics, 'Plant/Units per day') ?? 24),
    timeUnit: String(value(metrics, 'Plant/Time unit') ?? 'hour'),
    kpis,
    units: [],
    predictions: [],
  };
  live.kpis = new Float64Array(kpis.length).fill(NaN);
  live.baselineKpis = new Float64Array(0);
  live.log = [];
  live.decisions = new Map();
  onNodeData(metrics);
  useRemote.setState({ node: nodeId, stale: false });
}

function onDeviceBirth(device: string, metrics: readonly Metric[]): void {
  const f = followed!;
  const index = Number(value(metrics, 'Info/Index') ?? f.units.length);
  const next = String(value(metrics, 'Info/Next') ?? '');
  const unit = {
    id: device,
    name: String(value(metrics, 'Info/Name') ?? device),
    kind: String(value(metrics, 'Info/Kind') ?? 'station'),
    ...(next ? { next: next.split(',') } : {}),
    index,
  };
  f.units = [...f.units.filter((u) => u.id !== device), unit].sort((a, b) => a.index - b.index);
  const signal = metrics.find((m) => m.name.startsWith('Signal/'));
  if (signal) f.signal = { name: signal.name.slice('Signal/'.length), unit: signal.properties?.engUnit?.value ?? '' };
  f.predictions = metrics
    .filter((m) => m.name.startsWith('Prediction/'))
    .map((m) => ({ name: m.name.slice('Prediction/'.length), unit: m.properties?.engUnit?.value ?? '', decimals: 1 }));
  resizeLive(f.units.length, f.predictions.length);
  onDeviceData(device, metrics);
  // Births of all units come together: tell the views once they are in.
  clearTimeout(publishLoaded);
  publishLoaded = setTimeout(showLoaded, 50);
}

function resizeLive(n: number, predictions: number): void {
  if (live.states.length === n && live.predictions.length === n * predictions) return;
  live.states = new Uint8Array(n);
  live.queues = new Float32Array(n);
  live.utilization = new Float32Array(n);
  live.signals = new Float32Array(n).fill(NaN);
  live.predictions = new Float32Array(n * predictions).fill(NaN);
  live.wear = new Float32Array(n).fill(NaN);
  live.levels = new Float32Array(n).fill(NaN);
  live.energy = new Float64Array(n).fill(NaN);
  live.completed = new Float64Array(n);
  // A remote plant publishes no AGV legs.
  live.vehicles = new Float64Array(0);
}

function showLoaded(): void {
  const f = followed;
  if (!f) return;
  const known = catalog.find((e) => e.id === f.nodeId || e.id.endsWith(`/${f.nodeId}`));
  const modelId = known?.id ?? f.nodeId;
  const level = isLevel(f.level) ? f.level : 'L1';
  useApp.setState({
    modelId,
    level,
    seed: f.seed,
    running: true,
    loaded: {
      modelId,
      level,
      seed: f.seed,
      name: f.name,
      levels: [level],
      capabilities: {},
      kpis: f.kpis,
      units: f.units.map(({ index: _index, ...unit }) => unit),
      ...(f.signal ? { signal: f.signal } : {}),
      predictions: f.predictions,
      unitsPerDay: f.unitsPerDay,
      timeUnit: f.timeUnit,
    },
  });
}

function onNodeData(metrics: readonly Metric[]): void {
  const f = followed!;
  for (const m of metrics) {
    if (m.name === 'Plant/Time') live.time = Number(m.value);
    else if (m.name === 'Plant/Events') live.events = Number(m.value);
    else if (m.name.startsWith('KPI/')) {
      const k = f.kpis.findIndex((kpi) => kpi.key === m.name.slice(4));
      if (k >= 0) live.kpis[k] = Number(m.value);
    }
  }
}

const EVENT_KINDS: ReadonlySet<string> = new Set(PLANT_EVENT_KINDS);

function onDeviceData(device: string, metrics: readonly Metric[]): void {
  const f = followed!;
  const i = f.units.findIndex((u) => u.id === device);
  if (i < 0) return;
  const n = f.units.length;
  const events: PlantEvent[] = [];
  for (const m of metrics) {
    const x = typeof m.value === 'number' ? m.value : NaN;
    switch (m.name) {
      case 'Time':
        if (x > live.time) live.time = x;
        break;
      case 'State code':
        live.states[i] = x;
        break;
      case 'Produced':
        live.completed[i] = x;
        break;
      case 'Queue':
        live.queues[i] = x;
        break;
      case 'Utilization':
        live.utilization[i] = x;
        break;
      case 'Energy':
        live.energy[i] = x;
        break;
      case 'Tool wear':
        live.wear[i] = x;
        break;
      case 'Level':
        live.levels[i] = x;
        break;
      case 'Event': {
        if (typeof m.value !== 'string' || m.value === '') break;
        try {
          const e = JSON.parse(m.value) as { t: number; kind: string; detail?: string };
          if (EVENT_KINDS.has(e.kind)) events.push({ time: e.t, unit: i, kind: e.kind as PlantEventKind, ...(e.detail ? { detail: e.detail } : {}) });
        } catch {
          // Not an event this twin knows how to read: skipped.
        }
        break;
      }
      default:
        if (m.name.startsWith('Signal/')) live.signals[i] = x;
        else if (m.name.startsWith('Prediction/')) {
          const k = f.predictions.findIndex((p) => p.name === m.name.slice('Prediction/'.length));
          if (k >= 0) live.predictions[k * n + i] = x;
        }
    }
  }
  if (events.length === 0) return;
  const notable = events.filter((e) => !DECISION_KINDS.has(e.kind));
  if (notable.length > 0) live.log = [...live.log, ...notable].slice(-LOG_LENGTH);
  for (const e of events) {
    if (!DECISION_KINDS.has(e.kind)) continue;
    live.decisions.set(e.unit, [...(live.decisions.get(e.unit) ?? []), e].slice(-DECISIONS_PER_UNIT));
  }
}
