/** KPI cards: the structure renders once per model and language; the numbers are written by a HUD writer. */
import { useEffect, useRef } from 'react';
import type { KpiDefinition } from '../../core/experiment/kpi.ts';
import { kpiValueReason } from '../../core/experiment/kpi-value.ts';
import { formatNumber, registerHudWriter } from '../hud.ts';
import { kpiName, translate, type Language } from '../i18n.ts';
import { live } from '../store.ts';

export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function KpiCards({ kpis, language }: { kpis: readonly KpiDefinition[]; language: Language }) {
  const vsL1 = translate(language, 'vsL1');
  const noData = translate(language, 'noData');
  const values = useRef<(HTMLSpanElement | null)[]>([]);
  const changes = useRef<(HTMLSpanElement | null)[]>([]);
  useEffect(
    () =>
      registerHudWriter(() => {
        kpis.forEach((kpi, i) => {
          const node = values.current[i];
          if (node) {
            // A KPI without data says why instead of showing a dash (issue 13).
            const reason = kpiValueReason(live.kpis[i], kpi);
            node.textContent = reason === undefined ? formatNumber(live.kpis[i]!) : `${noData}: ${reason}`;
          }
          const change = changes.current[i];
          if (!change) return;
          const base = live.baselineKpis[i];
          const value = live.kpis[i];
          if (base === undefined || value === undefined || !Number.isFinite(base) || !Number.isFinite(value) || base === 0) {
            change.textContent = '';
            change.className = 'kpi-change';
            return;
          }
          const percent = (100 * (value - base)) / Math.abs(base);
          const better = kpi.better === 'neither' || Math.abs(percent) < 0.05 ? '' : (percent > 0) === (kpi.better === 'higher') ? ' better' : ' worse';
          // Arrow and sign carry the direction; colour only repeats it.
          change.textContent = `${percent > 0 ? '▲ +' : percent < 0 ? '▼ ' : ''}${percent.toFixed(1)} % ${vsL1}`;
          change.className = `kpi-change${better}`;
        });
      }),
    [kpis, vsL1, noData],
  );
  return (
    <div className="kpi-cards">
      {kpis.map((kpi, i) => (
        <div className="kpi-card" key={kpi.key} data-testid={`kpi-${kebab(kpi.key)}`}>
          <div className="kpi-name">{kpiName(language, kpi.key, kpi.label)}</div>
          <div className="kpi-value">
            <span ref={(node) => void (values.current[i] = node)}>–</span> <span className="kpi-unit">{kpi.unit}</span>
          </div>
          <span className="kpi-change" data-testid={`kpi-change-${kebab(kpi.key)}`} ref={(node) => void (changes.current[i] = node)} />
        </div>
      ))}
    </div>
  );
}
