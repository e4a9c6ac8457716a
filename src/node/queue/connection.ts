/**
 * The Redis a queue lives on: `redis://host:port[/db]` (or `rediss://` for TLS), checked before anything is enqueued.
 * A wrong URL or an unreachable server is bad input (exit 2) reported within seconds, never a hang: the check uses its
 * own client that neither retries nor queues commands. The long-lived clients BullMQ uses retry for ever instead, so a
 * Redis restart mid-experiment is waited out.
 */
import { Redis, type RedisOptions } from 'ioredis';

export class QueueConnectionError extends Error {}

/** Enough for a busy Redis on another machine; the whole check stays under 10 s. */
const CHECK_TIMEOUT_MS = 4000;

export function parseQueueUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueConnectionError(`--queue ${url}: expected a Redis URL such as redis://127.0.0.1:6379 or redis://host:port/2`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new QueueConnectionError(`--queue ${url}: expected the redis:// (or rediss://) scheme, got ${parsed.protocol.replace(/:$/, '')}://`);
  }
  if (parsed.hostname === '') throw new QueueConnectionError(`--queue ${url}: expected a host, e.g. redis://127.0.0.1:6379`);
  if (!/^\/?(\d+)?$/.test(parsed.pathname)) {
    throw new QueueConnectionError(`--queue ${url}: expected a database number after the port (redis://host:port/2), got "${parsed.pathname}"`);
  }
  return parsed;
}

/** A client for BullMQ: waits through disconnections (BullMQ requires `maxRetriesPerRequest: null` for workers). */
export function queueClient(url: string, options: RedisOptions = {}): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, ...options });
  // While Redis is away ioredis reconnects by itself and BullMQ reports what matters through its own 'error' events;
  // without a listener every failed reconnection attempt would print an "Unhandled error event" stack.
  client.on('error', () => {});
  return client;
}

/** Connects once, answers PING, or throws a `QueueConnectionError` saying why, within about `CHECK_TIMEOUT_MS`. */
export async function checkRedis(url: string): Promise<void> {
  parseQueueUrl(url);
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CHECK_TIMEOUT_MS,
    commandTimeout: CHECK_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // The socket's own error (ECONNREFUSED, ETIMEDOUT, ENOTFOUND) says more than the "Connection is closed" that follows.
  let socketError: Error | undefined;
  probe.on('error', (error: Error) => {
    socketError ??= error;
  });
  try {
    await probe.connect();
    const answer = await probe.ping();
    if (answer !== 'PONG') throw new Error(`it answered ${JSON.stringify(answer)} to PING`);
    const info = await probe.info('server');
    const version = /redis_version:(\d+)/.exec(info)?.[1];
    if (version !== undefined && Number(version) < 5) throw new Error(`Redis ${version} is too old; BullMQ needs Redis 5 or later`);
  } catch (error) {
    let reason = socketError?.message ?? (error instanceof Error ? error.message : String(error));
    if (/RESP|Protocol error/i.test(reason)) reason = `the server there does not speak the Redis protocol (${reason})`;
    throw new QueueConnectionError(`--queue ${url}: cannot use this Redis: ${reason}`);
  } finally {
    probe.disconnect();
  }
}
