/**
 * Sparkplug B 3.0 on the wire: topics, payloads (the Eclipse Tahu schema through the `sparkplug-payload` package) and
 * the 0-255 sequence numbers. Shared by the plant's edge node, the tests' host applications and the benchmark.
 */
import sparkplugPayload from 'sparkplug-payload';

export const NAMESPACE = 'spBv1.0';
export const GROUP_ID = 'FabTwin';

export type MessageType = 'NBIRTH' | 'NDEATH' | 'DBIRTH' | 'DDEATH' | 'NDATA' | 'DDATA' | 'NCMD' | 'DCMD';

/** Sparkplug metric datatypes this plant uses (names as in the Tahu schema). */
export type MetricType = 'Int32' | 'Int64' | 'UInt64' | 'Double' | 'Boolean' | 'String';

export interface Metric {
  name: string;
  type: MetricType;
  value: number | bigint | boolean | string;
  /** Epoch milliseconds. */
  timestamp?: number;
  /** Metric properties (the engineering unit, a description). */
  properties?: Record<string, { type: 'String'; value: string }>;
}

export interface Payload {
  /** Epoch milliseconds. */
  timestamp: number;
  seq?: number;
  metrics: Metric[];
}

const codec = sparkplugPayload.get('spBv1.0')!;

export function topic(type: MessageType, edgeNode: string, device?: string): string {
  return `${NAMESPACE}/${GROUP_ID}/${type}/${edgeNode}${device !== undefined ? `/${device}` : ''}`;
}

export interface ParsedTopic {
  group: string;
  type: MessageType;
  edgeNode: string;
  device?: string;
}

export function parseTopic(name: string): ParsedTopic | undefined {
  const parts = name.split('/');
  if (parts[0] !== NAMESPACE || parts.length < 4 || parts.length > 5) return undefined;
  return { group: parts[1]!, type: parts[2] as MessageType, edgeNode: parts[3]!, ...(parts[4] !== undefined ? { device: parts[4] } : {}) };
}

/** A Sparkplug identifier (group, edge node, device) may not contain MQTT's separators and wildcards. */
export function sparkplugId(text: string): string {
  return text.replace(/[/+#\s]+/g, '-');
}

export function encode(payload: Payload): Uint8Array {
  return codec.encodePayload({
    timestamp: payload.timestamp,
    ...(payload.seq !== undefined ? { seq: payload.seq } : {}),
    metrics: payload.metrics.map((m) => ({
      name: m.name,
      type: m.type,
      // The schema's 64-bit fields go through Long; counters here stay far below 2^53.
      value: typeof m.value === 'bigint' ? Number(m.value) : m.value,
      ...(m.timestamp !== undefined ? { timestamp: m.timestamp } : {}),
      ...(m.properties ? { properties: m.properties } : {}),
    })),
  }) as Uint8Array;
}

/** Decodes a payload, turning the schema's Long values into numbers. Throws on bytes that are not a payload. */
export function decode(bytes: Uint8Array): Payload {
  const raw = codec.decodePayload(bytes) as { timestamp?: unknown; seq?: unknown; metrics?: unknown[] };
  const metrics = (raw.metrics ?? []).map((m) => {
    const metric = m as { name?: string; type?: string; value?: unknown; timestamp?: unknown; properties?: Metric['properties'] };
    return {
      name: metric.name ?? '',
      type: (metric.type ?? 'String') as MetricType,
      value: plain(metric.value) as Metric['value'],
      ...(metric.timestamp !== undefined ? { timestamp: plain(metric.timestamp) as number } : {}),
      ...(metric.properties ? { properties: metric.properties } : {}),
    };
  });
  return {
    timestamp: plain(raw.timestamp) as number,
    ...(raw.seq !== undefined ? { seq: plain(raw.seq) as number } : {}),
    metrics,
  };
}

function plain(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'low' in value && 'high' in value) {
    const long = value as { low: number; high: number; unsigned?: boolean };
    return (long.unsigned ? long.high >>> 0 : long.high) * 4294967296 + (long.low >>> 0);
  }
  return value;
}

/** The next Sparkplug sequence number after `seq` (0-255, wrapping). */
export function nextSeq(seq: number): number {
  return (seq + 1) % 256;
}
