/**
 * Helpers for the plant's tests: a Sparkplug host application (mqtt.js with the Sparkplug decoder) that records every
 * message of the FabTwin group, and the plant CLI as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import mqtt, { type MqttClient } from 'mqtt';
import { decode, encode, parseTopic, type Metric, type ParsedTopic, type Payload } from '../../src/node/plant/sparkplug.ts';

export interface Received extends ParsedTopic {
  payload: Payload;
  at: number;
}

export class SparkplugHost {
  readonly messages: Received[] = [];
  undecodable = 0;
  readonly client: MqttClient;
  private waiters: { test: (m: Received) => boolean; resolve: (m: Received) => void }[] = [];

  private constructor(client: MqttClient) {
    this.client = client;
    client.on('message', (name, bytes) => {
      const parsed = parseTopic(name);
      if (!parsed) return;
      let payload: Payload;
      try {
        payload = decode(bytes);
      } catch {
        // The tests' own hostile commands come back to the host too.
        this.undecodable++;
        return;
      }
      const message: Received = { ...parsed, payload, at: Date.now() };
      this.messages.push(message);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  /** Connects and subscribes to the whole FabTwin group; reconnects (and resubscribes) after a broker restart. */
  static async connect(url: string): Promise<SparkplugHost> {
    const client = mqtt.connect(url, { clientId: `test-host-${process.pid}-${Math.random().toString(36).slice(2, 8)}`, reconnectPeriod: 200, clean: true });
    const host = new SparkplugHost(client);
    client.on('connect', () => client.subscribe('spBv1.0/FabTwin/#', { qos: 1 }));
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => client.subscribe('spBv1.0/FabTwin/#', { qos: 1 }, (error) => (error ? reject(error) : resolve())));
      client.once('error', reject);
    });
    return host;
  }

  /** Resolves with the first message (already received or coming) that passes `test`; rejects after `timeoutMs`. */
  waitFor(test: (m: Received) => boolean, timeoutMs: number, what: string): Promise<Received> {
    const found = this.messages.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      this.waiters.push({
        test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  publish(topicName: string, payload: Payload | Uint8Array): Promise<void> {
    const bytes = payload instanceof Uint8Array ? payload : encode(payload);
    return new Promise((resolve, reject) => this.client.publish(topicName, Buffer.from(bytes), { qos: 1 }, (error) => (error ? reject(error) : resolve())));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.client.end(true, {}, () => resolve()));
  }
}

export function metric(m: Received, name: string): Metric | undefined {
  return m.payload.metrics.find((x) => x.name === name);
}

export interface PlantProcess {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number>;
}

/** Starts `npm run plant -- args` (through tsx, without npm); killed after `timeoutMs` so a test cannot hang. */
export function startPlant(args: string[], timeoutMs: number): PlantProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/plant.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const plant: PlantProcess = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise<number>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        resolve(code ?? (signal ? 128 : 1));
      });
    }),
  };
  child.stdout!.on('data', (chunk: Buffer) => (plant.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (plant.stderr += chunk.toString()));
  return plant;
}

/** The value the last birth or data message for `device` carried for `name` (births reset the baseline). */
export function lastValue(messages: readonly Received[], device: string | undefined, name: string): number | string | boolean | undefined {
  let value: number | string | boolean | undefined;
  for (const m of messages) {
    if (m.device !== device) continue;
    const found = metric(m, name);
    if (found) value = found.value as number | string | boolean;
  }
  return value;
}
