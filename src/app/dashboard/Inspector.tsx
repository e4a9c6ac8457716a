/** The selected unit's live state, queue and utilisation (click equipment in the 3D view to select it). */
import { useEffect, useRef } from 'react';
import { UNIT_STATE_NAMES, type UnitInfo } from '../../core/runtime/view.ts';
import { formatNumber, registerHudWriter } from '../hud.ts';
import { translate, type Language } from '../i18n.ts';
import { STATE_STYLE } from '../palette.ts';
import { live, useApp } from '../store.ts';

export function Inspector({ units, language }: { units: readonly UnitInfo[]; language: Language }) {
  const selected = useApp((s) => s.selectedUnit);
  const state = useRef<HTMLElement>(null);
  const queue = useRef<HTMLElement>(null);
  const utilization = useRef<HTMLElement>(null);
  useEffect(() => {
    if (selected === undefined) return;
    return registerHudWriter(() => {
      const name = UNIT_STATE_NAMES[live.states[selected] ?? 0] ?? 'idle';
      if (state.current) state.current.textContent = `${STATE_STYLE[name].symbol} ${translate(language, `state.${name}`)}`;
      if (queue.current) queue.current.textContent = formatNumber(live.queues[selected] ?? NaN);
      if (utilization.current) utilization.current.textContent = `${formatNumber(100 * (live.utilization[selected] ?? NaN))} %`;
    });
  }, [selected, language]);
  const unit = selected === undefined ? undefined : units[selected];
  // The list makes every machine reachable by keyboard too, not only by clicking the 3D view.
  const picker = (
    <select
      data-testid="unit-select"
      aria-label={translate(language, 'unit')}
      value={selected === undefined ? '' : String(selected)}
      onChange={(e) => useApp.setState({ selectedUnit: e.target.value === '' ? undefined : Number(e.target.value) })}
    >
      <option value="">–</option>
      {units.map((u, i) => (
        <option key={u.id} value={String(i)}>
          {u.name}
        </option>
      ))}
    </select>
  );
  if (!unit) {
    return (
      <>
        {picker}
        <p className="hint">{translate(language, 'inspectorHint')}</p>
      </>
    );
  }
  return (
    <>
    {picker}
    <dl className="inspector" data-testid="inspector">
      <dt>{translate(language, 'unit')}</dt>
      <dd>{unit.name}</dd>
      <dt>{translate(language, 'state')}</dt>
      <dd ref={state} />
      <dt>{translate(language, 'queue')}</dt>
      <dd ref={queue} />
      <dt>{translate(language, 'utilization')}</dt>
      <dd ref={utilization} />
    </dl>
    </>
  );
}
