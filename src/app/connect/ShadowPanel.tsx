/**
 * Shadow mode of the live twin (after Connect): a twin (src/node/twin) fed with the remote plant's raw Sparkplug stream
 * beside the view. It shows the mid-shift forecasts of shift output with their 95 % intervals and what was realised
 * (`shadow-forecast`), the model parameters the data contradict (`shadow-discrepancies`), and at L3 the maintenance
 * orders it sends to the plant (`shadow-decisions`). Forks run on the main thread, four per forecast, once per shift.
 * The recent forecasts are also drawn as a band on a uPlot chart (`shadow-forecast-band`, `dashboard/ForecastChart.tsx`)
 * beside the realised values as each shift ends.
 */
import { useEffect, useState } from 'react';
import { runnable } from '../../core/models.ts';
import { Actor } from '../../node/twin/actor.ts';
import { Forecaster } from '../../node/twin/forecaster.ts';
import { Twin, unitIdsOf, type Decision, type Forecast } from '../../node/twin/twin.ts';
import type { Estimate } from '../../node/twin/learner.ts';
import { catalog } from '../engine/catalog.ts';
import { ForecastChart } from '../dashboard/ForecastChart.tsx';
import { sendRemoteCommand, streamTaps, useRemote } from './remote.ts';

/** Forecasts kept for the band: a week of 8-hour shifts. */
const BAND_FORECASTS = 21;

interface ShadowView {
  forecasts: Forecast[];
  /** The recent forecasts, drawn as a band on the forecast chart. */
  band: Forecast[];
  estimates: Estimate[];
  decisions: Decision[];
  flags: number;
}

const fmt = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3)) : '–');

export function ShadowPanel() {
  const { node, status } = useRemote();
  const [view, setView] = useState<ShadowView>({ forecasts: [], band: [], estimates: [], decisions: [], flags: 0 });
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
        // The rule on the failure probability alone: evaluating candidates on forks would hold the main thread for
        // seconds per decision (the CLI's twin does evaluate them).
      },
      { forks: false },
    );
    const tap = (topicName: string, bytes: Uint8Array) => {
      twin.receive({ at: Date.now(), topic: topicName, bytes });
      if (twin.sync.node['Plant/Level'] === 'L3') actor.afterMessage(twin);
    };
    streamTaps.add(tap);
    // The view took the births before this twin existed: it asks for its own.
    rebirth();
    const timer = setInterval(() => {
      // Copies: the forecaster fills in `realised` in place, and React must see a change.
      const band = forecaster
        .forecasts()
        .slice(-BAND_FORECASTS)
        .map((f) => ({ ...f }));
      setView({ forecasts: band.slice(-4), band, estimates: twin.estimates(), decisions: actor.decisions().slice(-6), flags: twin.sync.flags.length });
    }, 1000);
    return () => {
      streamTaps.delete(tap);
      clearInterval(timer);
    };
  }, [node, entry]);
  if (status === 'off' || !node) return null;
  if (!entry) return <p className="hint">Shadow: no model file for node {node} in this app.</p>;
  return (
    <div className="shadow-panel" data-testid="shadow-panel">
      <h3>Shadow</h3>
      <figure className="shadow-band">
        <ForecastChart points={view.band} label="shift output" testId="shadow-forecast-band" />
        <figcaption data-testid="shadow-forecast-legend">
          <span className="band-swatch" /> forecast of shift output, 95 % interval <span className="mean-swatch" /> mean <span className="realised-swatch" />{' '}
          realised
        </figcaption>
      </figure>
      <table data-testid="shadow-forecast" data-count={view.forecasts.length}>
        <caption>Shift output forecast (95 % interval) vs realised</caption>
        <tbody>
          {view.forecasts.map((f) => (
            <tr key={f.at}>
              <td>until {fmt(f.until)} h</td>
              <td data-mean={f.mean}>
                {fmt(f.mean)} [{fmt(f.ci95[0])}, {fmt(f.ci95[1])}]
              </td>
              <td>{f.realised === null ? '…' : fmt(f.realised)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table data-testid="shadow-discrepancies" data-count={view.estimates.filter((e) => e.differs).length}>
        <caption>Model vs data (! = the 95 % interval excludes the model's value)</caption>
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
                {fmt(e.observed)} [{fmt(e.ci95[0])}, {fmt(e.ci95[1])}] model {fmt(e.model)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul data-testid="shadow-decisions" data-count={view.decisions.length}>
        {view.decisions.map((d) => (
          <li key={`${d.at}/${d.unit}`} title={d.reason}>
            t={fmt(d.at)} h {d.command}
          </li>
        ))}
      </ul>
      {view.flags > 0 && <p className="hint">{view.flags} stream flag(s) (gaps, deaths, bad data)</p>}
    </div>
  );
}
