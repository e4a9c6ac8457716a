/** KPI cards: the structure renders once per model and language; the numbers are written by a HUD writer. */
import { useEffect, useRef } from 'react';
import type { KpiDefinition } from '../../core/experiment/kpi.ts';
import { formatNumber, registerHudWriter } from '../hud.ts';
import { kpiName, type Language } from '../i18n.ts';
import { live } from '../store.ts';

export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function KpiCards({ kpis, language }: { kpis: readonly KpiDefinition[]; language: Language }) {
  const values = useRef<(HTMLSpanElement | null)[]>([]);
  useEffect(
    () =>
      registerHudWriter(() => {
        kpis.forEach((_, i) => {
          const node = values.current[i];
          if (node) node.textContent = formatNumber(live.kpis[i] ?? NaN);
        });
      }),
    [kpis],
  );
  return (
    <div className="kpi-cards">
      {kpis.map((kpi, i) => (
        <div className="kpi-card" key={kpi.key} data-testid={`kpi-${kebab(kpi.key)}`}>
          <div className="kpi-name">{kpiName(language, kpi.key, kpi.label)}</div>
          <div className="kpi-value">
            <span ref={(node) => void (values.current[i] = node)}>–</span> <span className="kpi-unit">{kpi.unit}</span>
          </div>
        </div>
      ))}
    </div>
  );
}
