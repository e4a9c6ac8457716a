/**
 * `npm run plant -- <model.json> --level L1|L2|L3 --seed S [--speed X|max] [--days N] [--set path=value ...]
 * [--mqtt URL] [--opcua PORT]`: runs one replication headless as a plant on the network (MQTT Sparkplug B 3.0; see
 * docs/plant-protocols.md). Without --mqtt it starts an embedded broker on 127.0.0.1 (TCP and WebSocket) and prints
 * both URLs on stderr. With --days it stops there, publishes its death certificate and prints its KPIs on stdout in the
 * form `npm run sim -- --format json` uses. Exit codes: 0 done; 2 bad invocation or model; 1 anything else.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LEVELS, type Level } from '../core/experiment/levels.ts';
import { applyParameters } from '../core/experiment/parameters.ts';
import { runnable } from '../core/models.ts';
import type { CommandRecord } from '../core/runtime/control.ts';
import { ModelFileError } from '../core/model/errors.ts';
import { loadModelFile } from '../node/model-file.ts';
import type { EmbeddedBroker } from '../node/plant/broker.ts';
import { PlantEngine } from '../node/plant/engine.ts';
import type { Publisher } from '../node/plant/runner.ts';
import {
  badInputExit,
  isScript,
  newCommand,
  parameterSetting,
  parseCommand,
  port,
  positiveNumber,
  printable,
  processIo,
  runEntry,
  seedValue,
  UsageError,
  type CliIo,
} from './command.ts';

interface PlantCliOptions {
  level: Level;
  seed: number;
  speed: number | 'max';
  days?: number;
  set?: Record<string, number>;
  mqtt?: string;
  brokerPort: number;
  wsPort: number;
  nodeId?: string;
  commandLog?: string;
  replayCommands?: string;
  opcua?: number;
}

function buildCommand(io: CliIo): Command {
  return newCommand('plant', 'Run one replication of a model as a plant that publishes MQTT Sparkplug B 3.0 (and OPC UA with --opcua).', io)
    .argument('<model>', 'model file, e.g. factory-models/3c-machining.json')
    .addOption(new Option('--level <level>', 'paradigm level').default('L1').choices([...LEVELS]))
    .addOption(new Option('--seed <s>', 'random seed').default(1).argParser(seedValue))
    .addOption(
      new Option('--speed <x>', "times real time, or 'max' for as fast as possible").default(60).argParser((value: string) => {
        if (value === 'max') return 'max';
        const n = Number(value);
        if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number or 'max' for --speed.");
        return n;
      }),
    )
    .addOption(
      new Option('--days <n>', 'simulated days to run, then stop and print the KPIs (default: run until interrupted)').argParser(positiveNumber('--days')),
    )
    .addOption(
      new Option('--set <path=value>', 'override a numeric model parameter ("reality" differing from the model file), repeatable').argParser(parameterSetting),
    )
    .addOption(new Option('--mqtt <url>', 'use this MQTT broker (mqtt://host:port) instead of starting one'))
    .addOption(
      new Option('--broker-port <port>', 'embedded broker: MQTT TCP port on 127.0.0.1 (0: any free port)').default(1883).argParser(port('--broker-port')),
    )
    .addOption(
      new Option('--ws-port <port>', 'embedded broker: MQTT over WebSocket port on 127.0.0.1 (0: any free port)').default(9001).argParser(port('--ws-port')),
    )
    .addOption(new Option('--node-id <id>', 'Sparkplug edge node id (default: the model file name without .json)'))
    .addOption(new Option('--command-log <file>', 'write the accepted commands with their simulated times (JSON) when the run ends'))
    .addOption(new Option('--replay-commands <file>', 'carry out a command log written by --command-log at its recorded times'))
    .addOption(new Option('--opcua <port>', 'also serve OPC UA on this port (127.0.0.1)').argParser(port('--opcua')));
}

function readCommandLog(file: string): CommandRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not JSON (${(error as Error).message})`);
  }
  const records = (parsed as { commands?: unknown })?.commands;
  if (!Array.isArray(records)) throw new UsageError(`${file}: commands: expected an array of {time, command}`);
  records.forEach((r, i) => {
    const record = r as Partial<CommandRecord>;
    if (typeof record?.time !== 'number' || !Number.isFinite(record.time) || record.time < 0)
      throw new UsageError(`${file}: commands[${i}].time: expected a number >= 0`);
    if (typeof record.command !== 'object' || record.command === null) throw new UsageError(`${file}: commands[${i}].command: expected an object`);
    if (i > 0 && record.time < (records[i - 1] as CommandRecord).time) throw new UsageError(`${file}: commands[${i}].time: expected times in order`);
  });
  return records as CommandRecord[];
}

export async function main(argv: readonly string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const command = buildCommand(io);
  const exit = parseCommand(command, argv);
  if (exit !== undefined) return exit;
  const options = command.opts<PlantCliOptions>();
  const file = command.args[0]!;
  let engine: PlantEngine;
  let replay: CommandRecord[] | undefined;
  try {
    const loaded = loadModelFile(file);
    const model = runnable(options.set ? applyParameters(loaded, options.set, file) : loaded);
    if (!model.levels.includes(options.level)) {
      throw new UsageError(`${file}: level ${options.level} is not implemented by this model (it supports ${model.levels.join(', ')})`);
    }
    if (options.replayCommands !== undefined) replay = readCommandLog(options.replayCommands);
    engine = new PlantEngine({ model, level: options.level, seed: options.seed });
  } catch (error) {
    return badInputExit(error, io, [ModelFileError]);
  }

  // Loaded once the invocation and the model are known good: the broker, MQTT and Sparkplug's protobuf are most of
  // this command's start-up, which `--help` and a refused invocation do without.
  const [{ startEmbeddedBroker }, { SparkplugEdgeNode }, { runPlant }] = await Promise.all([
    import('../node/plant/broker.ts'),
    import('../node/plant/edge-node.ts'),
    import('../node/plant/runner.ts'),
  ]);
  const log = (line: string) => io.err(`plant: ${line}\n`);
  let broker: EmbeddedBroker | undefined;
  let url = options.mqtt;
  if (url === undefined) {
    try {
      broker = await startEmbeddedBroker({ tcpPort: options.brokerPort, wsPort: options.wsPort });
    } catch (error) {
      io.err(`cannot start the embedded broker: ${printable((error as Error).message)} (choose other ports with --broker-port and --ws-port, or use --mqtt)\n`);
      return 2;
    }
    url = broker.mqttUrl;
    io.err(`plant: embedded MQTT broker at ${broker.mqttUrl} (TCP) and ${broker.wsUrl} (WebSocket)\n`);
  }
  const nodeId = options.nodeId ?? basename(file).replace(/\.json$/i, '');
  const node = new SparkplugEdgeNode(engine, { url, edgeNodeId: nodeId, speed: String(options.speed), log });
  const publishers: Publisher[] = [node];
  const stopOpcua: (() => Promise<void>)[] = [];
  // OPC UA first: its start-up (certificates) blocks for seconds, longer than an MQTT keep-alive.
  if (options.opcua !== undefined) {
    const { startOpcuaServer } = await import('../node/plant/opcua.ts');
    const server = await startOpcuaServer(engine, { port: options.opcua, plantId: node.edgeNodeId, log });
    publishers.push(server);
    stopOpcua.push(() => server.stop());
    io.err(`plant: OPC UA server at ${server.endpoint}\n`);
  }
  try {
    await node.connect();
  } catch (error) {
    io.err(`${printable((error as Error).message)}\n`);
    for (const close of stopOpcua) await close();
    await broker?.close();
    return 2;
  }
  io.err(`plant: publishing ${engine.model.name} (${options.level}, seed ${options.seed}) as spBv1.0/FabTwin/+/${node.edgeNodeId}/#\n`);

  const until = options.days !== undefined ? options.days * engine.unitsPerDay : Infinity;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  signal?.addEventListener('abort', onSignal, { once: true });
  try {
    await runPlant(engine, publishers, {
      speed: options.speed,
      until,
      signal: stop.signal,
      replay,
      onReplayRefused: (record, reason) => log(`replayed command at t=${record.time} refused: ${reason}`),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await node.stop();
    for (const close of stopOpcua) await close();
    await broker?.close();
  }
  if (options.commandLog !== undefined) {
    writeFileSync(options.commandLog, JSON.stringify({ model: file, level: options.level, seed: options.seed, commands: engine.commandLog }, null, 2) + '\n');
    log(`command log written to ${options.commandLog}`);
  }
  if (options.days !== undefined) io.out(JSON.stringify(engine.reportJson(), null, 2) + '\n');
  engine.dispose();
  return 0;
}

/** The terminal entry of `npm run plant` and `fabtwin plant`; it exits at once when done (broker sockets). */
export const runMain = (argv: readonly string[]): Promise<number> => main(argv, processIo);

if (isScript(import.meta.url)) await runEntry(runMain, process.argv.slice(2), 'exit');
