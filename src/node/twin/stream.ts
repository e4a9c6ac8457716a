/**
 * Where the twin's messages come from and go to: a live MQTT subscription to one edge node (with the rebirth request
 * it can send back), and recordings as JSON lines `{"at": receive time in epoch ms, "topic", "payload": the decoded payload}` (`"raw"`:
 * base64 bytes that do not decode), gzip-compressed when the file name ends in `.gz`. Payloads are re-encoded on replay (NaN written as "NaN"), and bad
 * bytes are replayed exactly as they came.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import mqtt, { type MqttClient } from 'mqtt';
import { decode, encode, topic, type Payload } from '../plant/sparkplug.ts';
import type { TwinMessage } from './synchroniser.ts';

export class RecordingError extends Error {}

export class Recorder {
  private readonly lines: string[] = [];
  private readonly fd: number | undefined;
  readonly file: string;

  constructor(file: string) {
    this.file = file;
    // Plain JSON lines stream to disk as they come; gzip needs the whole text (written at close).
    this.fd = file.endsWith('.gz') ? undefined : openSync(file, 'w');
  }

  write(message: TwinMessage): void {
    let payload: Payload | undefined;
    try {
      payload = decode(message.bytes);
    } catch {
      payload = undefined;
    }
    // Metric timestamps equal to the payload's are left out (restored on reading): they are most of a line.
    if (payload)
      payload = { ...payload, metrics: payload.metrics.map((m) => (m.timestamp === payload!.timestamp ? (({ timestamp: _t, ...rest }) => rest)(m) : m)) };
    // Decoded payloads compress about five times better than their base64 bytes; bytes that do not decode stay raw.
    const record = payload
      ? { at: message.at, topic: message.topic, payload }
      : { at: message.at, topic: message.topic, raw: Buffer.from(message.bytes).toString('base64') };
    const line = JSON.stringify(record, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value)) + '\n';
    if (this.fd !== undefined) writeSync(this.fd, line);
    else this.lines.push(line);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    else {
      const fd = openSync(this.file, 'w');
      writeSync(fd, gzipSync(this.lines.join(''), { level: 9 }));
      closeSync(fd);
    }
  }
}

/** Reads a recording; errors name the file and the line. */
export function readRecording(file: string): TwinMessage[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new RecordingError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error)}`);
  }
  let text: string;
  try {
    text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new RecordingError(`${file}: not gzip (${(error as Error).message})`);
  }
  const messages: TwinMessage[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let record: { at?: unknown; topic?: unknown; payload?: unknown; raw?: unknown };
    try {
      record = JSON.parse(line) as typeof record;
    } catch (error) {
      throw new RecordingError(`${file}: line ${i + 1}: not JSON (${(error as Error).message})`);
    }
    if (typeof record.at !== 'number' || !Number.isFinite(record.at))
      throw new RecordingError(`${file}: line ${i + 1}: at: expected a receive time in epoch ms`);
    if (typeof record.topic !== 'string') throw new RecordingError(`${file}: line ${i + 1}: topic: expected a string`);
    if (typeof record.raw === 'string') {
      messages.push({ at: record.at, topic: record.topic, bytes: new Uint8Array(Buffer.from(record.raw, 'base64')) });
      return;
    }
    const payload = record.payload as Payload | undefined;
    if (typeof payload !== 'object' || payload === null || !Array.isArray(payload.metrics)) {
      throw new RecordingError(`${file}: line ${i + 1}: payload: expected a Sparkplug payload {timestamp, seq, metrics} (or raw: base64 bytes)`);
    }
    for (const m of payload.metrics) {
      if (m.type === 'Double' && typeof m.value === 'string') m.value = Number(m.value);
      if (m.timestamp === undefined) m.timestamp = payload.timestamp;
    }
    try {
      messages.push({ at: record.at, topic: record.topic, bytes: encode(payload) });
    } catch (error) {
      throw new RecordingError(`${file}: line ${i + 1}: payload: cannot be encoded (${(error as Error).message})`);
    }
  });
  return messages;
}

/** A live subscription to one edge node's topics; sends NCMD commands (the rebirth request, the twin's decisions). */
export class MqttSource {
  readonly client: MqttClient;
  readonly edgeNodeId: string;

  private constructor(client: MqttClient, edgeNodeId: string) {
    this.client = client;
    this.edgeNodeId = edgeNodeId;
  }

  static async connect(url: string, edgeNodeId: string, onMessage: (message: TwinMessage) => void): Promise<MqttSource> {
    const client = mqtt.connect(url, {
      clientId: `fabtwin-twin-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      reconnectPeriod: 500,
      clean: true,
      connectTimeout: 5000,
    });
    const filters = [`spBv1.0/FabTwin/+/${edgeNodeId}`, `spBv1.0/FabTwin/+/${edgeNodeId}/+`];
    client.on('message', (name, bytes) => onMessage({ at: Date.now(), topic: name, bytes: new Uint8Array(bytes) }));
    client.on('connect', () => client.subscribe(filters, { qos: 1 }));
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => reject(new Error(`cannot connect to ${url}: ${error.message}`));
      client.once('error', fail);
      client.once('connect', () =>
        client.subscribe(filters, { qos: 1 }, (error) => {
          client.off('error', fail);
          if (error) reject(error);
          else resolve();
        }),
      );
    });
    return new MqttSource(client, edgeNodeId);
  }

  /** Publishes an NCMD (or a DCMD to `device`) with these metrics. */
  command(metrics: { name: string; type: 'Boolean' | 'String' | 'Double'; value: boolean | string | number }[], device?: string): void {
    const bytes = encode({ timestamp: Date.now(), metrics: metrics.map((m) => ({ ...m, timestamp: Date.now() })) });
    this.client.publish(topic(device === undefined ? 'NCMD' : 'DCMD', this.edgeNodeId, device), Buffer.from(bytes), { qos: 1 });
  }

  rebirth(): void {
    this.command([{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }]);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.client.end(true, {}, () => resolve()));
  }
}
