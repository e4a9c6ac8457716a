/**
 * `npm run twin -- <model.json> (--mqtt URL | --replay FILE) [--for HOURS] [--format table|json] [--record FILE]
 * [--forecast] [--act]`: a digital shadow (and with --act a digital twin) of a plant publishing Sparkplug B (see
 * docs/twin.md). Exit codes: 0 done; 2 bad invocation, model or recording; 1 anything else.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { basename } from 'node:path';
import { runnable } from '../core/models.ts';
import { ModelFileError } from '../core/model/errors.ts';
import { loadModelFile } from '../node/model-file.ts';
import { decode, sparkplugId } from '../node/plant/sparkplug.ts';
import { MqttSource, Recorder, RecordingError, readRecording } from '../node/twin/stream.ts';
import type { SendCommand } from '../node/twin/actor.ts';
import type { TwinMessage } from '../node/twin/synchroniser.ts';
import { isNodeMessage, Twin, unitIdsOf, type TwinReport } from '../node/twin/twin.ts';
import {
  badInputExit,
  isScript,
  newCommand,
  parseCommand,
  positiveInteger,
  positiveNumber,
  printable,
  processIo,
  runEntry,
  UsageError,
  type CliIo,
} from './command.ts';

export { unitIdsOf };

interface TwinCliOptions {
  mqtt?: string;
  replay?: string;
  for?: number;
  format: 'table' | 'json';
  record?: string;
  nodeId?: string;
  staleSeconds: number;
  forecast: boolean;
  replications: number;
  learn: boolean;
  act: boolean;
  actForks: number;
  actRules?: string[];
}

function buildCommand(io: CliIo): Command {
  return newCommand(
    'twin',
    'Follow a plant from its Sparkplug B stream (or a recording): synchronise, learn where it differs from the model, forecast, act.',
    io,
  )
    .argument('<model>', 'the model file the plant runs, e.g. factory-models/3c-machining.json')
    .addOption(new Option('--mqtt <url>', 'subscribe to the plant on this broker').conflicts('replay'))
    .addOption(new Option('--replay <file>', 'read a recording (JSON lines, .gz allowed) instead of a broker'))
    .addOption(new Option('--for <hours>', 'stop after this much plant time (hours)').argParser(positiveNumber('--for')))
    .addOption(new Option('--format <format>', 'report format').default('table').choices(['table', 'json']))
    .addOption(new Option('--record <file>', 'write what was received as JSON lines with receive times (.gz: compressed)'))
    .addOption(new Option('--node-id <id>', 'Sparkplug edge node id (default: the model file name without .json)'))
    .addOption(
      new Option('--stale-seconds <s>', 'no data for this long (wall time) marks the state stale and asks for a rebirth')
        .default(10)
        .argParser(positiveNumber('--stale-seconds')),
    )
    .addOption(new Option('--forecast', 'forecast end-of-shift KPIs from forks of the model every half shift').default(false))
    .addOption(new Option('--replications <k>', 'forks per forecast').default(8).argParser(positiveInteger('--replications')))
    .addOption(new Option('--no-learn', 'forecast with the model file as it is (no learned parameters)'))
    .addOption(
      new Option(
        '--act',
        'L3: order preventive maintenance of CNC cells at risk where forks of the model say it pays (NCMD Command/Maintain); petrochemical: a reactor temperature or feed setpoint chosen on forks; needs --mqtt',
      ).default(false),
    )
    .addOption(
      new Option('--act-forks <k>', 'forks per candidate decision (0: decide on the failure probability alone)').default(4).argParser((value: string) => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0 || n === 1) throw new InvalidArgumentError('expected 0 or a whole number of forks of at least 2 for --act-forks.');
        return n;
      }),
    )
    .addOption(
      new Option(
        '--act-rules <list>',
        'also compare these dispatching rules on forks at each shift start (comma-separated: default,fifo,spt,lpt,edd,cr,atc,learned)',
      ).argParser((value: string) =>
        value
          .split(',')
          .map((r) => r.trim())
          .filter((r) => r !== ''),
      ),
    );
}

export async function main(argv: readonly string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const command = buildCommand(io);
  const exit = parseCommand(command, argv);
  if (exit !== undefined) return exit;
  const options = command.opts<TwinCliOptions>();
  const file = command.args[0]!;
  if ((options.mqtt === undefined) === (options.replay === undefined)) return badInputExit(new UsageError('twin: give either --mqtt URL or --replay FILE'), io);
  if (options.act && options.mqtt === undefined) return badInputExit(new UsageError('twin: --act sends commands to a plant and needs --mqtt'), io);
  let twin: Twin;
  let recording: TwinMessage[] | undefined;
  let source: MqttSource | undefined;
  const edgeNodeId = sparkplugId(options.nodeId ?? basename(file).replace(/\.json$/i, ''));
  try {
    const loaded = loadModelFile(file);
    const model = runnable(loaded);
    twin = new Twin(model, loaded, edgeNodeId, unitIdsOf(model), (reason) => {
      io.err(`twin: ${reason}: asking for a rebirth\n`);
      source?.rebirth();
    });
    if (options.replay !== undefined) recording = readRecording(options.replay);
  } catch (error) {
    return badInputExit(error, io, [ModelFileError, RecordingError]);
  }
  const { actorFor, forecasterFor } = await import('../node/twin/observers.ts');
  if (options.forecast) twin.observers.push(await forecasterFor(twin, { replications: options.replications, learn: options.learn }));
  if (options.act) {
    const send: SendCommand = (metrics, device) => source?.command(metrics, device);
    twin.observers.push(
      await actorFor(twin, send, {
        setpointReplications: options.replications,
        maintenanceForks: options.actForks,
        ...(options.actRules ? { rules: options.actRules } : {}),
      }),
    );
  }
  const recorder = options.record !== undefined ? new Recorder(options.record) : undefined;
  const staleMs = options.staleSeconds * 1000;
  // The period starts at the first birth's plant time rounded down to a whole hour (a birth answering the twin's
  // rebirth request comes a slice or two after the plant's start).
  const untilOf = () => {
    if (options.for === undefined || Number.isNaN(twin.sync.startTime)) return Infinity;
    const hour = twin.sync.unitsPerDay / 24;
    return Math.floor(twin.sync.startTime / hour + 1e-9) * hour + options.for * hour;
  };
  // The period ends at the first node message after the plant time reached it (the slice's unit data came before it).
  // A node message past the end (by its Plant/Time; a death: once the end was reached) ends the period. Simulated
  // clocks that add up slices land a hair off whole hours (23.99999999), hence the tolerance.
  const reachedEnd = (message: TwinMessage) => {
    if (!isNodeMessage(message.topic)) return false;
    const until = untilOf();
    const tolerance = 1e-6 * (twin.sync.unitsPerDay / 24);
    const time = plantTimeOf(message);
    return time !== undefined ? time > until + tolerance : twin.sync.time >= until - tolerance;
  };

  if (recording) {
    for (const message of recording) {
      if (reachedEnd(message)) break;
      twin.sync.checkStale(message.at, staleMs);
      recorder?.write(message);
      twin.receive(message);
    }
  } else {
    const done = new AbortController();
    const onSignal = () => done.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    signal?.addEventListener('abort', onSignal, { once: true });
    try {
      source = await MqttSource.connect(options.mqtt!, edgeNodeId, (message) => {
        if (done.signal.aborted) return;
        if (reachedEnd(message)) {
          done.abort();
          return;
        }
        recorder?.write(message);
        twin.receive(message);
      });
      // A twin that joins a running plant asks for births at once (they are not retained).
      source.rebirth();
    } catch (error) {
      io.err(`${printable((error as Error).message)}\n`);
      return 2;
    }
    const timer = setInterval(() => twin.sync.checkStale(Date.now(), staleMs), 500);
    await new Promise<void>((resolve) => (done.signal.aborted ? resolve() : done.signal.addEventListener('abort', () => resolve(), { once: true })));
    clearInterval(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await source.close();
  }
  recorder?.close();
  const report = twin.report();
  io.out(options.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : table(report));
  return 0;
}

function plantTimeOf(message: TwinMessage): number | undefined {
  try {
    const value = decode(message.bytes).metrics.find((m) => m.name === 'Plant/Time')?.value;
    return typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

function fmt(x: number): string {
  return Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4)) : String(x);
}

function table(report: TwinReport): string {
  const lines: string[] = [];
  const s = report.synchronisation;
  lines.push(`synchronised to t=${fmt(s.time)} (${s.births} birth(s), ${s.messages} messages, ${s.skipped} skipped, ${s.stale ? 'stale' : 'live'})`);
  const level = Object.values((report.kpis as { levels: Record<string, { kpis: Record<string, { mean: number; unit?: string }> }> }).levels)[0];
  lines.push('', 'KPIs (* recomputed by the twin from the stream; others as the plant reported them)');
  for (const [key, k] of Object.entries(level?.kpis ?? {}))
    lines.push(`  ${report.recomputed.includes(key) ? '*' : ' '} ${key.padEnd(28)} ${fmt(k.mean)} ${k.unit ?? ''}`);
  lines.push('', 'estimates (95 % CI) vs model');
  for (const e of report.estimates)
    lines.push(
      `  ${e.differs ? '!' : ' '} ${e.unit.padEnd(10)} ${e.parameter.padEnd(30)} ${fmt(e.observed)} [${fmt(e.ci95[0])}, ${fmt(e.ci95[1])}] model ${fmt(e.model)} (n=${e.n})`,
    );
  if (report.forecasts.length > 0) {
    lines.push('', 'forecasts');
    for (const f of report.forecasts)
      lines.push(
        `  at ${fmt(f.at)} until ${fmt(f.until)} ${f.kpi}: ${fmt(f.mean)} [${fmt(f.ci95[0])}, ${fmt(f.ci95[1])}] realised ${f.realised === null ? '-' : fmt(f.realised)}`,
      );
  }
  if (report.decisions.length > 0) {
    lines.push('', 'decisions');
    for (const d of report.decisions) lines.push(`  at ${fmt(d.at)} ${d.unit}: ${d.command} (${d.reason})`);
  }
  if (report.flags.length > 0) {
    lines.push('', `flags (${report.flags.length})`);
    for (const f of report.flags.slice(0, 20)) lines.push(`  t=${fmt(f.time)} ${f.kind}: ${f.detail}`);
  }
  return lines.join('\n') + '\n';
}

/** The terminal entry of `npm run twin` and `fabtwin twin`; it exits at once when done (MQTT sockets). */
export const runMain = (argv: readonly string[]): Promise<number> => main(argv, processIo);

if (isScript(import.meta.url)) await runEntry(runMain, process.argv.slice(2), 'exit');
