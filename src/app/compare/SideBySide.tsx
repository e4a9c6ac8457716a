/**
 * L1, L2 and L3 of one plant and one seed side by side: three 3D views fed by the comparison worker's lanes, one set
 * of controls and one shared clock. Each lane's headline KPIs and its clock are written straight into the DOM once
 * per animation frame when a new frame arrived (no React re-render per tick).
 */
import { SeedInput, SpeedSelect } from '../run-controls.tsx';
import { useEffect, useRef, useState } from 'react';
import type { KpiDefinition } from '../../core/experiment/kpi.ts';
import { SURVEY_REFERENCE_PERCENT } from '../../core/experiment/kpi.ts';
import { formatClock, formatNumber } from '../hud.ts';
import { kpiValueReason } from '../../core/experiment/kpi-value.ts';
import { fill, kpiName, translate } from '../i18n.ts';
import { noDataLabel } from '../no-data.ts';
import { PlantScene } from '../scene/PlantScene.tsx';
import { compactLabels } from '../scene/declutter.ts';
import { useApp } from '../store.ts';
import { useTexts } from '../use-t.ts';
import { compareClock, laneLives, loadComparison, sendCompare, stopCompare, useCompare } from './client.ts';
import { comparableCustom, comparablePlants } from './plants.ts';
import { RULE_PLANT_ID } from '../lab/rule-plant-id.ts';
import { compareTexts } from './texts.ts';

const HEADLINE_COUNT = 5;

/** The rule's name from the rule plant's file label (`3c-machining.json, dispatching: <name>`). */
function ruleLabel(file: string): string {
  const at = file.indexOf('dispatching: ');
  return at < 0 ? file : file.slice(at + 'dispatching: '.length);
}

/** The KPIs under each view: the survey's five where the model has them, else its first few. */
export function headlineKpis(kpis: readonly KpiDefinition[]): number[] {
  const referenced = kpis.flatMap((k, i) => (SURVEY_REFERENCE_PERCENT[k.key] !== undefined ? [i] : []));
  return referenced.length > 0 ? referenced : kpis.slice(0, HEADLINE_COUNT).map((_, i) => i);
}

/** Calls `write` once per animation frame in which a new comparison frame arrived, and once at the start. */
function useFrameWriter(write: () => void, deps: readonly unknown[]): void {
  useEffect(() => {
    let seen = -1;
    let handle = 0;
    const loop = () => {
      if (compareClock.frame !== seen) {
        seen = compareClock.frame;
        write();
      }
      handle = requestAnimationFrame(loop);
    };
    handle = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(handle);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps: what `write` reads (a new closure each render)
  }, deps);
}

function SharedClock() {
  const node = useRef<HTMLSpanElement>(null);
  const unitsPerDay = useCompare((s) => s.loaded?.unitsPerDay);
  const language = useApp((s) => s.language);
  useFrameWriter(() => {
    if (!node.current || !unitsPerDay) return;
    node.current.textContent = formatClock(compareClock.time, unitsPerDay, translate(language, 'day'));
    node.current.dataset.time = String(compareClock.time);
    node.current.dataset.days = String(compareClock.time / unitsPerDay);
  }, [unitsPerDay, language]);
  return <span className="clock" data-testid="compare-clock" ref={node} data-time="0" data-days="0" />;
}

function Lane({ index }: { index: number }) {
  const t = useTexts(compareTexts);
  const language = useApp((s) => s.language);
  const loaded = useCompare((s) => s.loaded);
  const values = useRef<(HTMLElement | null)[]>([]);
  const changes = useRef<(HTMLElement | null)[]>([]);
  const laneNode = useRef<HTMLDivElement>(null);
  const level = loaded?.lanes[index];
  const shown = loaded ? headlineKpis(loaded.kpis) : [];
  useFrameWriter(() => {
    const lane = laneLives[index]!;
    if (laneNode.current) laneNode.current.dataset.time = String(lane.time);
    const baseline = laneLives[0]!;
    shown.forEach((kpiIndex, i) => {
      const value = lane.kpis[kpiIndex] ?? NaN;
      const node = values.current[i];
      if (node) {
        // A lane without data says so (the reason in the tooltip: the lane is narrow).
        const reason = loaded ? kpiValueReason(value, loaded.kpis[kpiIndex]!) : undefined;
        node.textContent = reason === undefined ? formatNumber(value) : translate(language, 'noData');
        node.title = reason === undefined ? '' : noDataLabel(language, reason);
        // Full precision for checks against a headless run of the same seed (the text is rounded).
        node.dataset.value = String(value);
      }
      const change = changes.current[i];
      if (!change) return;
      // The change against L1 at the same simulated time (same seed: common random numbers).
      const base = baseline.kpis[kpiIndex] ?? NaN;
      const kpi = loaded!.kpis[kpiIndex]!;
      if (!Number.isFinite(base) || !Number.isFinite(value) || base === 0) {
        change.textContent = '';
        change.className = 'compare-change';
        return;
      }
      const percent = (100 * (value - base)) / Math.abs(base);
      const better = kpi.better === 'neither' || Math.abs(percent) < 0.05 ? '' : percent > 0 === (kpi.better === 'higher') ? ' better' : ' worse';
      // Arrow and sign carry the direction; colour only repeats it.
      change.textContent = `${percent > 0 ? '▲ +' : percent < 0 ? '▼ ' : ''}${percent.toFixed(1)} %`;
      change.className = `compare-change${better}`;
    });
  }, [loaded, index]);
  if (!loaded || !level) return null;
  return (
    <div className="compare-lane" data-testid={`compare-lane-${level}`} data-level={level} ref={laneNode} data-time="0">
      <h3>{t(`lane.${level}`)}</h3>
      <div className="scene compare-scene">
        <PlantScene
          modelId={loaded.modelId}
          units={loaded.units}
          capabilities={loaded.capabilities[index]!}
          source={laneLives[index]}
          vehicles={loaded.vehicles}
          perfProbe={false}
          selectable={false}
          compactLabels={compactLabels}
        />
      </div>
      <dl className="compare-headline" aria-label={t('kpisLive')}>
        {shown.map((kpiIndex, i) => {
          const kpi = loaded.kpis[kpiIndex]!;
          return (
            <div key={kpi.key}>
              <dt>{kpiName(language, kpi.key, kpi.label)}</dt>
              <dd>
                <span data-testid={`lane-${level}-kpi-${kpi.key}`} ref={(node) => void (values.current[i] = node)} /> {kpi.unit}
                {index > 0 && (
                  <span
                    className="compare-change"
                    data-testid={`lane-${level}-change-${kpi.key}`}
                    title={t('vsL1')}
                    ref={(node) => void (changes.current[i] = node)}
                  />
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}

/** Plays on until the shared clock reaches the given day exactly, then pauses: a trainer stops all three at one instant. */
function RunTo() {
  const t = useTexts(compareTexts);
  const loaded = useCompare((s) => s.loaded);
  const [day, setDay] = useState(7);
  return (
    <span className="compare-run-to">
      <button data-testid="compare-run-to" disabled={!loaded} onClick={() => loaded && sendCompare({ type: 'play', until: day * loaded.unitsPerDay })}>
        {t('runTo')}
      </button>
      <input
        data-testid="compare-run-to-day"
        type="number"
        min={0.1}
        step={1}
        value={day}
        aria-label={t('runToDay')}
        onChange={(e) => {
          const value = Number(e.target.value);
          if (Number.isFinite(value) && value > 0) setDay(value);
        }}
      />
      {t('runToDay')}
    </span>
  );
}

export function SideBySide() {
  const t = useTexts(compareTexts);
  const { modelId, seed, speed, running, loaded, error } = useCompare();
  const custom = comparableCustom(useApp((s) => s.custom));
  useEffect(() => {
    loadComparison();
    return () => stopCompare();
  }, []);
  return (
    <section className="compare-side-by-side" aria-label={t('sideBySide')}>
      <div className="controls" role="toolbar">
        <label>
          {t('plant')}
          <select
            data-testid="compare-plant"
            value={modelId}
            onChange={(e) => {
              useCompare.setState({ modelId: e.target.value });
              loadComparison();
            }}
          >
            {comparablePlants().map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.model.name}
              </option>
            ))}
            {custom && (
              <option value={custom.id} data-testid="compare-plant-custom">
                {custom.id === RULE_PLANT_ID ? fill(t('rulePlant'), { rule: ruleLabel(custom.file) }) : fill(t('customPlant'), { file: custom.file })}
              </option>
            )}
          </select>
        </label>
        <SeedInput
          testId="compare-seed"
          value={seed}
          onChange={(value) => {
            useCompare.setState({ seed: value });
            loadComparison();
          }}
        />
        <button data-testid="compare-play" aria-pressed={running} disabled={!loaded} onClick={() => sendCompare({ type: running ? 'pause' : 'play' })}>
          {running ? t('pause') : t('play')}
        </button>
        <button data-testid="compare-reset" onClick={() => loadComparison()}>
          {t('reset')}
        </button>
        <SpeedSelect
          testId="compare-speed"
          value={speed}
          onChange={(factor) => {
            useCompare.setState({ speed: factor });
            sendCompare({ type: 'speed', factor });
          }}
        />
        <RunTo />
        <span className="clock-box">
          {t('clock')}: <SharedClock />
        </span>
      </div>
      {error && (
        <div className="error" role="alert">
          {t('error')}: {error}
        </div>
      )}
      {!loaded && !error && <p>{t('loading')}</p>}
      <div className="compare-lanes">
        {[0, 1, 2].map((i) => (
          <Lane key={i} index={i} />
        ))}
      </div>
    </section>
  );
}
