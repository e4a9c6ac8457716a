/**
 * Shadow mode of the live twin (after Connect): a twin (src/node/twin) fed with the remote plant's raw Sparkplug stream
 * beside the view. Its mid-shift forecasts of shift output are drawn as bands on the dashboard's KPI chart beside this
 * shift's realised output as it arrives (`shadow-forecast`, `dashboard/KpiChart.tsx`) and listed here with what each
 * shift realised (`shadow-forecast-table`); the model parameters the data contradict are listed
 * (`shadow-discrepancies`); at L3 the maintenance orders it sends to the plant are listed (`shadow-decisions`) and go
 * into the event log. Forks run on the main thread, four per forecast, once per shift. The chart and the event log
 * read `shadowLive` (shadow-state.ts), written here per message without allocating except when a forecast or a
 * decision is added.
 */
import { useEffect, useState } from 'react';
import { runnable } from '../../core/models.ts';
import { Actor } from '../../node/twin/actor.ts';
import { Forecaster } from '../../node/twin/forecaster.ts';
import { Twin, unitIdsOf, type Decision, type Forecast } from '../../node/twin/twin.ts';
import type { Estimate } from '../../node/twin/learner.ts';
import { catalog } from '../engine/catalog.ts';
import { fill } from '../i18n.ts';
import { useTexts } from '../use-t.ts';
import { sendRemoteCommand, streamTaps, useRemote } from './remote.ts';
import { createShadowLive, shadowLive, useShadow } from './shadow-state.ts';
import { ShiftCounter } from './shift-counter.ts';
import { shadowTexts } from './shadow-texts.ts';

/** Forecasts kept for the chart: a week of 8-hour shifts. */
const BAND_FORECASTS = 21;
/** Decisions kept for the event log. */
const LOG_DECISIONS = 20;

interface ShadowView {
  forecasts: Forecast[];
  estimates: Estimate[];
  decisions: Decision[];
  flags: number;
}

const fmt = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3)) : '–');

/** The shift length in model units, by the forecaster's rule (`node/twin/forecaster.ts`). */
function shiftLengthOf(modelJson: unknown, unitsPerDay: number): number {
  const model = modelJson as { shifts?: { hoursPerShift?: number }; decisions?: { shiftHours?: number } };
  return (model.shifts?.hoursPerShift ?? model.decisions?.shiftHours ?? 12) * (unitsPerDay / 24);
}

export function ShadowPanel() {
  const t = useTexts(shadowTexts);
  const { node, status } = useRemote();
  const [view, setView] = useState<ShadowView>({ forecasts: [], estimates: [], decisions: [], flags: 0 });
  const entry = node ? catalog.find((e) => e.id === node || e.id.endsWith(`/${node}`)) : undefined;
  useEffect(() => {
    if (!node || !entry) return;
    const model = runnable(entry.model);
    const rebirth = () => sendRemoteCommand([{ name: 'Node Control/Rebirth', type: 'Boolean', value: true, timestamp: Date.now() }]);
    const twin = new Twin(model, entry.model, node, unitIdsOf(model), rebirth);
    const forecaster = new Forecaster(twin, { replications: 4, learn: true });
    twin.observers.push(forecaster);
    const actor = new Actor(
      (metrics) => {
        // Decisions are sent only when the plant runs at L3 (at L2 the twin is a shadow: it watches).
        if (twin.sync.node['Plant/Level'] === 'L3') sendRemoteCommand(metrics.map((m) => ({ ...m, timestamp: Date.now() })));
        // The screen alone (a cell past the optimal replacement age of its learned life): evaluating candidates on
        // forks would hold the main thread for seconds per decision (the CLI's twin does evaluate them).
      },
      { forks: false },
    );
    Object.assign(shadowLive, createShadowLive());
    let counter: ShiftCounter | undefined;
    // What was last handed to the chart and the log: a forecast is added or realised, a decision added.
    let forecastCount = 0;
    let realisedIndex = -1;
    let decisionCount = 0;
    const tap = (topicName: string, bytes: Uint8Array) => {
      twin.receive({ at: Date.now(), topic: topicName, bytes });
      if (twin.sync.node['Plant/Level'] === 'L3') actor.afterMessage(twin);
      const sync = twin.sync;
      // The forecaster's output counter (the 3C plant's packing unit); a plant without one has no shift output here.
      const count = sync.units.get('packing')?.produced;
      if (count === undefined || sync.stale) return;
      if (!counter) {
        counter = new ShiftCounter(shiftLengthOf(entry.model, sync.unitsPerDay), sync.unitsPerDay / 24);
        useShadow.setState({ active: true });
      }
      counter.update(sync.time, count, shadowLive);
      // The shift-output forecasts alone: the chart draws each as a band to its shift end, the table lists shifts (the
      // forecaster's day-ahead forecasts, `dayOutput`, span 24 h from mid-shift and are realised out of that order).
      const list = forecaster.shiftForecasts();
      // Forecasts are realised in the order made, so their count and the newest realised one mark every change.
      let realised = list.length - 1;
      while (realised >= 0 && list[realised]!.realised === null) realised--;
      if (list.length !== forecastCount || realised !== realisedIndex) {
        forecastCount = list.length;
        realisedIndex = realised;
        // Copies: the forecaster fills in `realised` in place.
        shadowLive.forecasts = list.slice(-BAND_FORECASTS).map((f) => ({ ...f }));
      }
      const decisions = actor.decisions();
      if (decisions.length !== decisionCount) {
        decisionCount = decisions.length;
        shadowLive.decisions = decisions.slice(-LOG_DECISIONS);
      }
    };
    streamTaps.add(tap);
    // The view took the births before this twin existed: it asks for its own.
    rebirth();
    const timer = setInterval(() => {
      setView({
        forecasts: shadowLive.forecasts.slice(-4),
        estimates: twin.estimates(),
        decisions: actor.decisions().slice(-6),
        flags: twin.sync.flags.length,
      });
    }, 1000);
    return () => {
      streamTaps.delete(tap);
      clearInterval(timer);
      Object.assign(shadowLive, createShadowLive());
      useShadow.setState({ active: false });
    };
  }, [node, entry]);
  if (status === 'off' || !node) return null;
  if (!entry) return <p className="hint">{fill(t('noModel'), { node })}</p>;
  return (
    <div className="shadow-panel" data-testid="shadow-panel">
      <h3>{t('title')}</h3>
      <table data-testid="shadow-forecast-table" data-count={view.forecasts.length}>
        <caption>{t('forecasts')}</caption>
        <tbody>
          {view.forecasts.map((f) => (
            <tr key={f.at}>
              <td>{fill(t('until'), { t: fmt(f.until) })}</td>
              <td data-mean={f.mean}>
                {fmt(f.mean)} [{fmt(f.ci95[0])}, {fmt(f.ci95[1])}]
              </td>
              <td>{f.realised === null ? '…' : fmt(f.realised)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table data-testid="shadow-discrepancies" data-count={view.estimates.filter((e) => e.differs).length}>
        <caption>{t('discrepancies')}</caption>
        <tbody>
          {view.estimates.map((e) => (
            <tr key={`${e.unit}/${e.parameter}`} className={e.differs ? 'differs' : ''}>
              <td>
                {e.differs ? '!' : ''} {e.unit}
              </td>
              <td>
                <code>{e.parameter}</code>
              </td>
              <td>
                {fmt(e.observed)} [{fmt(e.ci95[0])}, {fmt(e.ci95[1])}] {t('model')} {fmt(e.model)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {view.decisions.length > 0 && <p className="shadow-caption">{t('decisions')}</p>}
      <ul data-testid="shadow-decisions" data-count={view.decisions.length}>
        {view.decisions.map((d) => (
          <li key={`${d.at}/${d.unit}`} title={d.reason}>
            t={fmt(d.at)} h {d.command}
          </li>
        ))}
      </ul>
      {view.flags > 0 && <p className="hint">{fill(t('flags'), { n: view.flags })}</p>}
    </div>
  );
}
