/**
 * The embedded MQTT broker (aedes) a plant starts when no `--mqtt` URL is given: plain MQTT over TCP and MQTT over
 * WebSocket (for the browser's Connect panel), both bound to 127.0.0.1 only. Port 0 picks free ports.
 */
import { createServer, type Server, type AddressInfo } from 'node:net';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';

export interface EmbeddedBroker {
  readonly mqttUrl: string;
  readonly wsUrl: string;
  close(): Promise<void>;
}

/** Largest MQTT packet the embedded broker accepts (bytes): births of the largest plant are a few kilobytes. */
export const BROKER_MAX_PACKET = 256 * 1024;

export async function startEmbeddedBroker(options: { tcpPort?: number; wsPort?: number; host?: string } = {}): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const broker = await Aedes.createBroker({ maxClientsIdLength: 64 });
  const tcp: Server = createServer((socket) => broker.handle(socket));
  const http: HttpServer = createHttpServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain' }).end('MQTT over WebSocket only\n');
  });
  const wss = new WebSocketServer({ server: http, maxPayload: BROKER_MAX_PACKET });
  wss.on('connection', (socket, request) => broker.handle(createWebSocketStream(socket), request));
  await listen(tcp, options.tcpPort ?? 0, host);
  await listen(http, options.wsPort ?? 0, host);
  const tcpPort = (tcp.address() as AddressInfo).port;
  const wsPort = (http.address() as AddressInfo).port;
  return {
    mqttUrl: `mqtt://${host}:${tcpPort}`,
    wsUrl: `ws://${host}:${wsPort}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      await Promise.all([
        new Promise<void>((resolve) => wss.close(() => resolve())),
        new Promise<void>((resolve) => http.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
        new Promise<void>((resolve) => broker.close(() => resolve())),
      ]);
    },
  };
}

function listen(server: Server | HttpServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
