/**
 * `npm run bench:plant`: the networked plant's figures on a loopback broker (Debian's Mosquitto when installed, else
 * the embedded aedes broker), with a Sparkplug host application subscribed to everything the plant publishes:
 * 1. Sparkplug messages per second the 3C plant publishes at --speed max (and what the host received);
 * 2. latency from a simulated event (the wall time the kernel processed it) to the DDATA carrying it arriving at the
 *    host, median and p99, paced (3600x real time: an hour a second) and flat out.
 * Options: --days N (flat-out run length, default 5), --seconds S (paced run length, default 20), --json.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect, type AddressInfo } from 'node:net';
import mqtt from 'mqtt';
import { runnable } from '../src/core/models.ts';
import { loadModelFile } from '../src/node/model-file.ts';
import { startEmbeddedBroker } from '../src/node/plant/broker.ts';
import { SparkplugEdgeNode } from '../src/node/plant/edge-node.ts';
import { PlantEngine } from '../src/node/plant/engine.ts';
import { runPlant } from '../src/node/plant/runner.ts';
import { decode, parseTopic } from '../src/node/plant/sparkplug.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const days = option('--days', 5);
const seconds = option('--seconds', 20);
const json = args.includes('--json');
const MODEL = 'factory-models/3c-machining.json';
const MOSQUITTO = '/usr/sbin/mosquitto';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A loopback broker for the benchmark: Mosquitto if installed, else aedes in this process. */
async function startBroker(): Promise<{ url: string; name: string; close(): Promise<void> }> {
  if (!existsSync(MOSQUITTO)) {
    const broker = await startEmbeddedBroker({ tcpPort: 0, wsPort: 0 });
    return { url: broker.mqttUrl, name: 'aedes (embedded, same process)', close: () => broker.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'fabtwin-bench-mosquitto-'));
  const port = await freePort();
  writeFileSync(join(dir, 'm.conf'), `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 1000000\nlog_dest none\n`);
  const child = spawn(MOSQUITTO, ['-c', join(dir, 'm.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    name: 'Mosquitto 2 (separate process)',
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

interface Trial {
  messages: number;
  received: number;
  bytes: number;
  wallSeconds: number;
  simulatedDays: number;
  latencies: number[];
}

async function trial(url: string, speed: number | 'max', until: (engine: PlantEngine) => number, stopAfterMs?: number): Promise<Trial> {
  const engine = new PlantEngine({ model: runnable(loadModelFile(MODEL)), level: 'L2', seed: 1 });
  const units = engine.view.units.map((u) => u.id);
  // When the kernel processed each notable event, by unit, simulated time and kind.
  const processedAt = new Map<string, number>();
  engine.onEvent = (event) => processedAt.set(`${units[event.unit]}|${event.time}|${event.kind}`, performance.now());
  const latencies: number[] = [];
  let received = 0;
  const host = mqtt.connect(url, { clientId: `bench-host-${process.pid}-${speed}` });
  await new Promise<void>((resolve) => host.once('connect', () => host.subscribe('spBv1.0/FabTwin/#', { qos: 0 }, () => resolve())));
  host.on('message', (name, bytes) => {
    const arrived = performance.now();
    received++;
    const topic = parseTopic(name);
    if (topic?.type !== 'DDATA') return;
    for (const m of decode(bytes).metrics) {
      if (m.name !== 'Event') continue;
      const e = JSON.parse(m.value as string) as { t: number; kind: string };
      const at = processedAt.get(`${topic.device}|${e.t}|${e.kind}`);
      if (at !== undefined) latencies.push(arrived - at);
    }
  });
  const node = new SparkplugEdgeNode(engine, { url, edgeNodeId: '3c-machining', speed: String(speed) });
  await node.connect();
  const abort = new AbortController();
  const timer = stopAfterMs !== undefined ? setTimeout(() => abort.abort(), stopAfterMs) : undefined;
  const started = performance.now();
  await runPlant(engine, [node], { speed, until: until(engine), signal: abort.signal });
  const wallSeconds = (performance.now() - started) / 1000;
  clearTimeout(timer);
  await node.stop();
  // Let the last messages arrive.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await new Promise<void>((resolve) => host.end(false, {}, () => resolve()));
  const result = {
    messages: node.stats.messages,
    received,
    bytes: node.stats.bytes,
    wallSeconds,
    simulatedDays: engine.now / engine.unitsPerDay,
    latencies: latencies.sort((a, b) => a - b),
  };
  engine.dispose();
  return result;
}

const broker = await startBroker();
try {
  const flat = await trial(broker.url, 'max', (e) => days * e.unitsPerDay);
  const paced = await trial(broker.url, 3600, () => Infinity, seconds * 1000);
  const figures = {
    broker: broker.name,
    model: MODEL,
    maxSpeed: {
      simulatedDays: flat.simulatedDays,
      wallSeconds: round(flat.wallSeconds, 2),
      messages: flat.messages,
      received: flat.received,
      messagesPerSecond: Math.round(flat.messages / flat.wallSeconds),
      kilobytesPerSecond: Math.round(flat.bytes / 1024 / flat.wallSeconds),
      simulatedDaysPerSecond: round(flat.simulatedDays / flat.wallSeconds, 2),
      eventLatencyMs: { samples: flat.latencies.length, median: round(quantile(flat.latencies, 0.5), 2), p99: round(quantile(flat.latencies, 0.99), 2) },
    },
    paced3600x: {
      wallSeconds: round(paced.wallSeconds, 1),
      messages: paced.messages,
      eventLatencyMs: { samples: paced.latencies.length, median: round(quantile(paced.latencies, 0.5), 2), p99: round(quantile(paced.latencies, 0.99), 2) },
    },
  };
  if (json) console.log(JSON.stringify(figures));
  else {
    console.log(`broker: ${figures.broker}; plant: ${MODEL} L2 seed 1`);
    const m = figures.maxSpeed;
    console.log(
      `--speed max, ${m.simulatedDays} simulated days in ${m.wallSeconds} s: ${m.messages} Sparkplug messages published (${m.received} received by the host), ${m.messagesPerSecond} messages/s, ${m.kilobytesPerSecond} KiB/s, ${m.simulatedDaysPerSecond} simulated days/s`,
    );
    console.log(`  event -> DDATA at the host: median ${m.eventLatencyMs.median} ms, p99 ${m.eventLatencyMs.p99} ms (${m.eventLatencyMs.samples} events)`);
    const p = figures.paced3600x;
    console.log(
      `--speed 3600 (an hour a second) for ${p.wallSeconds} s: event -> DDATA at the host: median ${p.eventLatencyMs.median} ms, p99 ${p.eventLatencyMs.p99} ms (${p.eventLatencyMs.samples} events)`,
    );
  }
} finally {
  await broker.close();
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
