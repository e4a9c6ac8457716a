/**
 * `npm run bench:twin`: the twin against an emulated plant whose reality differs from the model file, on the embedded
 * loopback broker, at --speed max:
 * - 3C plant, L1, one CNC cell failing twice as often as the model says (`cnc.health.cellWeibullScaleHours.cnc-3` 55
 *   instead of the shared 110), and every cell failing twice as often (`cnc.health.weibullScaleHours` 55: a difference
 *   that moves the plant's output, where one cell's barely shows);
 * - petrochemical plant, L2, catalyst losing 10 % of its activity a day (`reactor.catalyst.deactivationPerDay`, model
 *   file 0: a half-life of a week, the fast end of industrial deactivation, as with a poisoned or coking feed; at 2 %/day
 *   a 160 h run lost 0.2 % of output, too little for any forecast or decision to show) and fouling three times faster
 *   (`disturbances.fouling.meanRate`); forecasts of a shift's on-spec B and decisions on forks handed the twin's state
 *   (`process-forecaster.ts`, `process-actor.ts`: setpoint moves, and telling the RTO the learned catalyst activity),
 *   the loop judged on `efficiency`.
 * Reports: synchronisation (twin KPIs equal to the plant's, key by key), discovery (simulated hours until each altered
 * parameter is flagged; estimate vs truth), mid-shift forecasts of shift output and, for the 3C plant, of the next 24 h's output (coverage of the 95 % interval, MAPE,
 * and WAPE: total absolute error over total output, which a shift that packed almost nothing does not dominate) with
 * learning on and off (replays of the same streams), with the paired difference of each forecast's absolute
 * percentage error, on less off (`pairedErrors`), and closing the loop (the realised KPI with and without --act on the
 * same seeds, paired, with a 95 % interval: 3C throughput, and also operating cost, on-time delivery, lead time and
 * failures; the 3C --act evaluates "maintain now" against "later" on --act-forks forks handed the twin's state).
 * Options: --shifts N (default 20), --seeds N (default 3), --replications K (default 8), --act-forks K (default 4; 0:
 * maintain at the optimal replacement age alone), --case NAME (or --only NAME: one case, or a model file's name for
 * all its cases: 3c-machining, 3c-machining-all-cells, petrochemical), --no-act (forecasts and discovery only),
 * --no-pipeline (3C forecasts without the pipeline adjustment, for the error diagnosis), --forecasts-out FILE (each
 * seed's forecasts as JSON lines), --oracle (3C: "learning on" forks run at the true reality, the ceiling of
 * learning), --point-estimate N (3C: forks take a learned life scale's point estimate once it rests on N failures),
 * --per-cell-lives (3C: forks take per-cell life scales first, not the cells' pooled one where the cells agree with it), --no-forecast (no replays: closing the loop only), --first-seed N, --json. Forecast figures are reported
 * per forecast kpi (3C: `shiftOutput` and the day-ahead `dayOutput`), each paired within its kpi.
 */
import { appendFileSync } from 'node:fs';
import { applyParameters } from '../src/core/experiment/parameters.ts';
import { runnable } from '../src/core/models.ts';
import { Welford } from '../src/core/twin/estimators.ts';
import { unitIdsOf } from '../src/cli/twin.ts';
import { loadModelFile } from '../src/node/model-file.ts';
import { startEmbeddedBroker } from '../src/node/plant/broker.ts';
import { SparkplugEdgeNode } from '../src/node/plant/edge-node.ts';
import { PlantEngine } from '../src/node/plant/engine.ts';
import { runPlant } from '../src/node/plant/runner.ts';
import type { SendCommand } from '../src/node/twin/actor.ts';
import { actorFor, forecasterFor } from '../src/node/twin/observers.ts';
import { pairedErrors } from '../src/node/twin/forecast-errors.ts';
import { MqttSource } from '../src/node/twin/stream.ts';
import type { TwinMessage } from '../src/node/twin/synchroniser.ts';
import { isNodeMessage, Twin, type Forecast } from '../src/node/twin/twin.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const shifts = option('--shifts', 20);
const seedCount = option('--seeds', 3);
const replications = option('--replications', 8);
const json = args.includes('--json');
/** --forecasts-out FILE: each seed's forecasts, learning on and off, as JSON lines (for diagnosing the errors). */
const dump = args.includes('--forecasts-out') ? args[args.indexOf('--forecasts-out') + 1] : undefined;
/** --no-act: skip the runs with --act (forecast and discovery figures only). */
const noAct = args.includes('--no-act');
/** --no-forecast: skip the forecast replays (closing-the-loop runs only). --first-seed N: seeds N..N+seeds-1. */
const noForecast = args.includes('--no-forecast');
const firstSeed = option('--first-seed', 1);
const actForks = option('--act-forks', 4);
const caseFlag = args.includes('--case') ? '--case' : args.includes('--only') ? '--only' : undefined;
const only = caseFlag === undefined ? undefined : args[args.indexOf(caseFlag) + 1];

interface Case {
  /** Reported name; `--only` takes it or the model file's name (all cases of that plant). */
  name: string;
  file: string;
  level: 'L1' | 'L2' | 'L3';
  reality: Record<string, number>;
  shiftHours: number;
}

const CASES: Case[] = [
  { name: '3c-machining', file: 'factory-models/3c-machining.json', level: 'L1', reality: { 'cnc.health.cellWeibullScaleHours.cnc-3': 55 }, shiftHours: 12 },
  // Every cell failing twice as often: a difference that moves the whole plant's output (about 5 % a shift at L1).
  { name: '3c-machining-all-cells', file: 'factory-models/3c-machining.json', level: 'L1', reality: { 'cnc.health.weibullScaleHours': 55 }, shiftHours: 12 },
  {
    name: 'petrochemical',
    file: 'factory-models/petrochemical.json',
    level: 'L2',
    reality: { 'reactor.catalyst.deactivationPerDay': 0.1, 'disturbances.fouling.meanRate': 1.5e-5 },
    shiftHours: 8,
  },
];

interface LiveRun {
  messages: TwinMessage[];
  plantKpis: Record<string, number>;
  twinKpis: Record<string, number>;
  discovered: Record<string, { hours: number; estimate: number } | null>;
  decisions: number;
  /** How many decisions sent each command (the metric name: `Setpoint/feed`, `Command/Maintain`, ...). */
  commands: Record<string, number>;
  hours: number;
}

function kpisOf(report: object): Record<string, number> {
  const levels = (report as { levels: Record<string, { kpis: Record<string, { mean: number }> }> }).levels;
  const level = Object.values(levels)[0]!;
  return Object.fromEntries(Object.entries(level.kpis).map(([k, v]) => [k, v.mean]));
}

async function live(c: Case, seed: number, act: boolean): Promise<LiveRun> {
  const loaded = loadModelFile(c.file);
  const model = runnable(loaded);
  const plantModel = runnable(applyParameters(loaded, c.reality, c.file));
  const engine = new PlantEngine({ model: plantModel, level: c.level, seed });
  const broker = await startEmbeddedBroker({ tcpPort: 0, wsPort: 0 });
  const nodeId = c.file.replace(/^.*\//, '').replace(/\.json$/, '');
  const twin = new Twin(model, loaded, nodeId, unitIdsOf(model));
  const messages: TwinMessage[] = [];
  const hours = shifts * c.shiftHours;
  const until = (hours * engine.unitsPerDay) / 24;
  const discovered: LiveRun['discovered'] = Object.fromEntries(Object.keys(c.reality).map((k) => [k, null]));
  let lastCheck = -Infinity;
  let done = false;
  const source = await MqttSource.connect(broker.mqttUrl, nodeId, (message) => {
    if (done) return;
    if (isNodeMessage(message.topic) && twin.sync.time >= until) {
      done = true;
      return;
    }
    messages.push(message);
    twin.receive(message);
    // Discovery: checked every simulated hour.
    if (twin.sync.time - lastCheck >= engine.unitsPerDay / 24) {
      lastCheck = twin.sync.time;
      const flagged = twin.estimates().filter((e) => e.differs);
      for (const key of Object.keys(discovered)) {
        // A per-cell path names its cell; a shared parameter is found on the family's pooled estimate.
        const hit = flagged.find(
          (e) => e.parameter === key && (e.unit === 'cnc' || e.unit === 'feed-pump' || e.unit === 'reactor' || key.endsWith(`.${e.unit}`)),
        );
        if (hit && !discovered[key]) discovered[key] = { hours: (twin.sync.time * 24) / engine.unitsPerDay, estimate: hit.observed };
      }
    }
  });
  const send: SendCommand = (metrics, device) => source.command(metrics, device);
  if (act) twin.observers.push(await actorFor(twin, send, { setpointReplications: Math.min(replications, 4), maintenanceForks: actForks }));
  const node = new SparkplugEdgeNode(engine, { url: broker.mqttUrl, edgeNodeId: nodeId, speed: 'max' });
  await node.connect();
  await new Promise((resolve) => setTimeout(resolve, 200));
  await runPlant(engine, [node], { speed: 'max', until });
  await node.stop();
  for (let i = 0; i < 100 && !done; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  done = true;
  await source.close();
  await broker.close();
  const plantKpis = kpisOf(engine.reportJson());
  const twinKpis = kpisOf(twin.report().kpis);
  engine.dispose();
  const decisionList = twin.report().decisions;
  const commands: Record<string, number> = {};
  for (const d of decisionList) {
    const name = d.command.replace(/^NCMD /, '').replace(/=.*$/, '');
    commands[name] = (commands[name] ?? 0) + 1;
  }
  return { messages, plantKpis, twinKpis, discovered, decisions: decisionList.length, commands, hours };
}

async function replayForecasts(c: Case, messages: readonly TwinMessage[], learn: boolean): Promise<Forecast[]> {
  const loaded = loadModelFile(c.file);
  const model = runnable(loaded);
  const nodeId = c.file.replace(/^.*\//, '').replace(/\.json$/, '');
  const twin = new Twin(model, loaded, nodeId, unitIdsOf(model));
  // --oracle: "learning on" runs the forks at the plant's true reality (the ceiling of learning; 3C forecaster only).
  const oracle = args.includes('--oracle') ? { overrides: c.reality } : {};
  // --point-estimate N: a learned life scale is the point estimate once it rests on N failures (3C forecaster).
  const point = args.includes('--point-estimate') ? { pointEstimateFailures: option('--point-estimate', Infinity) } : {};
  const pooledLives = args.includes('--per-cell-lives') ? { pooledLives: false } : {};
  const forecaster = await forecasterFor(twin, { replications, learn, pipeline: !args.includes('--no-pipeline'), ...oracle, ...point, ...pooledLives });
  twin.observers.push(forecaster);
  for (const m of messages) twin.receive(m);
  forecaster.dispose?.();
  return forecaster.forecasts().filter((f) => f.realised !== null);
}

function forecastFigures(list: readonly Forecast[]): { n: number; coverage: number; mape: number; wape: number } {
  const scored = list.filter((f) => f.realised! > 0);
  const covered = scored.filter((f) => f.ci95[0] <= f.realised! && f.realised! <= f.ci95[1]).length;
  const mape = scored.reduce((s, f) => s + Math.abs(f.mean - f.realised!) / f.realised!, 0) / Math.max(scored.length, 1);
  // Weighted: total absolute error over total realised output, which a shift that packed almost nothing (a blank
  // stockout) does not dominate as it does the mean of percentages.
  const wape =
    scored.reduce((s, f) => s + Math.abs(f.mean - f.realised!), 0) /
    Math.max(
      1e-9,
      scored.reduce((s, f) => s + f.realised!, 0),
    );
  return { n: scored.length, coverage: scored.length > 0 ? covered / scored.length : NaN, mape: 100 * mape, wape: 100 * wape };
}

const results: Record<string, unknown> = {};
const print = (line: string) => {
  if (!json) process.stdout.write(line + '\n');
};
for (const c of CASES) {
  const name = c.name;
  if (only !== undefined && name !== only && c.file.replace(/^.*\//, '').replace(/\.json$/, '') !== only) continue;
  // The KPI closing the loop is judged on: the 3C plant's throughput, the petrochemical plant's on-spec B per hour.
  const loopKpi = name.startsWith('3c-machining') ? 'throughput' : 'efficiency';
  print(
    `\n== ${name} (${c.level}, reality ${JSON.stringify(c.reality)}, ${shifts} shifts of ${c.shiftHours} h, seeds ${firstSeed}..${firstSeed + seedCount - 1})`,
  );
  const sync: { seed: number; keys: number; equal: number; differing: string[] }[] = [];
  const discovery: { seed: number; discovered: LiveRun['discovered'] }[] = [];
  const fcOn: Forecast[] = [];
  const fcOff: Forecast[] = [];
  const fcRuns: { on: Forecast[]; off: Forecast[] }[] = [];
  const loop = new Welford();
  // Also paired, where the plant has them: what maintenance moves in a plant whose output follows its orders.
  const alsoKpis = name.startsWith('3c-machining') ? ['operatingCost', 'onTimeDelivery', 'leadTime', 'failures'] : [];
  const also = new Map(alsoKpis.map((k) => [k, new Welford()]));
  const pairs: { seed: number; without: number; with: number; decisions: number; commands: Record<string, number> }[] = [];
  for (let seed = firstSeed; seed < firstSeed + seedCount; seed++) {
    const started = performance.now();
    const run = await live(c, seed, false);
    const keys = Object.keys(run.plantKpis);
    const differing = keys.filter((k) => !Object.is(run.plantKpis[k], run.twinKpis[k]));
    sync.push({ seed, keys: keys.length, equal: keys.length - differing.length, differing });
    discovery.push({ seed, discovered: run.discovered });
    print(
      `seed ${seed}: ${run.messages.length} messages in ${((performance.now() - started) / 1000).toFixed(1)} s; KPIs equal ${keys.length - differing.length}/${keys.length}${differing.length ? ` (differ: ${differing.join(', ')})` : ''}; discovery ${JSON.stringify(run.discovered)}`,
    );
    {
      const on = noForecast ? [] : await replayForecasts(c, run.messages, true);
      const off = noForecast ? [] : await replayForecasts(c, run.messages, false);
      fcOn.push(...on);
      fcOff.push(...off);
      fcRuns.push({ on, off });
      if (dump) appendFileSync(dump, JSON.stringify({ case: name, seed, on, off }) + '\n');
      if (noAct) continue;
      const acted = await live(c, seed, true);
      pairs.push({ seed, without: run.plantKpis[loopKpi]!, with: acted.plantKpis[loopKpi]!, decisions: acted.decisions, commands: acted.commands });
      loop.push(acted.plantKpis[loopKpi]! - run.plantKpis[loopKpi]!);
      for (const [k, w] of also) w.push(acted.plantKpis[k]! - run.plantKpis[k]!);
      print(
        `  --act: ${loopKpi} ${acted.plantKpis[loopKpi]!.toFixed(3)} vs ${run.plantKpis[loopKpi]!.toFixed(3)} without (${acted.decisions} decisions: ${JSON.stringify(acted.commands)})`,
      );
    }
  }
  const entry: Record<string, unknown> = { reality: c.reality, level: c.level, shifts, sync, discovery };
  {
    // Per forecast kpi (3C: the shift's output and the next 24 h's; petrochemical: the shift's on-spec B), each paired
    // within its kpi.
    const kpis = [...new Set([...fcOn, ...fcOff].map((f) => f.kpi))];
    const byKpi: Record<string, unknown> = {};
    for (const kpi of kpis) {
      const of = (list: readonly Forecast[]) => list.filter((f) => f.kpi === kpi);
      const on = forecastFigures(of(fcOn));
      const off = forecastFigures(of(fcOff));
      const paired = pairedErrors(fcRuns.map((r) => ({ on: of(r.on), off: of(r.off) })));
      byKpi[kpi] = { learningOn: on, learningOff: off, pairedApeDifference: paired };
      print(
        `forecast (mid-shift, ${kpi}): learning on: coverage ${(100 * on.coverage).toFixed(0)} % of ${on.n}, MAPE ${on.mape.toFixed(1)} %, WAPE ${on.wape.toFixed(1)} %; off: coverage ${(100 * off.coverage).toFixed(0)} % of ${off.n}, MAPE ${off.mape.toFixed(1)} %, WAPE ${off.wape.toFixed(1)} %`,
      );
      print(
        `  paired, learning on less off: absolute percentage error ${paired.mean.toFixed(2)} points (95 % CI ${paired.ci95[0].toFixed(2)} to ${paired.ci95[1].toFixed(2)}, ${paired.n} forecasts; per seed ${paired.runMeans.map((m) => m.toFixed(2)).join(', ')})`,
      );
    }
    entry.forecast = byKpi;
    const loopCi = loop.ci95();
    if (!noAct)
      entry.closingTheLoop = {
        kpi: loopKpi,
        pairs,
        meanDifference: loop.mean,
        ci95: loopCi,
        alsoPaired: Object.fromEntries([...also].map(([k, w]) => [k, { meanDifference: w.mean, ci95: w.ci95() }])),
      };
    if (!noAct)
      print(
        `closing the loop: ${loopKpi} with --act minus without: ${loop.mean.toFixed(3)} (95 % CI ${loopCi[0].toFixed(3)} to ${loopCi[1].toFixed(3)}, ${loop.n} paired seeds)`,
      );
    for (const [k, w] of noAct ? [] : also) {
      const ci = w.ci95();
      print(`  ${k} with --act minus without: ${w.mean.toFixed(3)} (95 % CI ${ci[0].toFixed(3)} to ${ci[1].toFixed(3)})`);
    }
  }
  results[name] = entry;
}
if (json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
process.exit(0);
