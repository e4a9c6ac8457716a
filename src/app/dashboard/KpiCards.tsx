/**
 * KPI cards: the survey KPIs first, the rest in collapsible groups (`kpi-groups.ts`); hovering or focusing a card shows
 * its definition (`kpi-definitions.ts`). The structure renders once per model and language; the numbers are written by
 * a HUD writer.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { KpiDefinition } from '../../core/experiment/kpi.ts';
import { kpiValueReason } from '../../core/experiment/kpi-value.ts';
import { formatNumber, registerHudWriter } from '../hud.ts';
import { kpiName, translate, type Language } from '../i18n.ts';
import { noDataLabel } from '../no-data.ts';
import { measureUnit } from '../units.ts';
import { useTexts } from '../use-t.ts';
import { layoutKpis } from './kpi-groups.ts';
import { kpiTexts } from './kpi-texts.ts';
import { useKpiDefinitions } from './use-kpi-definitions.ts';
import { live } from '../store.ts';

export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function KpiCards({ kpis, language, modelId }: { kpis: readonly KpiDefinition[]; language: Language; modelId: string }) {
  const vsL1 = translate(language, 'vsL1');
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
            node.textContent = reason === undefined ? formatNumber(live.kpis[i]!) : noDataLabel(language, reason);
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
          const better = kpi.better === 'neither' || Math.abs(percent) < 0.05 ? '' : percent > 0 === (kpi.better === 'higher') ? ' better' : ' worse';
          // Arrow and sign carry the direction; colour only repeats it.
          change.textContent = `${percent > 0 ? '▲ +' : percent < 0 ? '▼ ' : ''}${percent.toFixed(1)} % ${vsL1}`;
          change.className = `kpi-change${better}`;
        });
      }),
    [kpis, vsL1, language],
  );
  const t = useTexts(kpiTexts);
  const { lead, groups } = useMemo(() => layoutKpis(kpis), [kpis]);
  const definitions = useKpiDefinitions();
  const family = definitions?.plantFamily(modelId);
  const card = (i: number) => {
    const kpi = kpis[i]!;
    const id = `kpi-definition-${kebab(kpi.key)}`;
    const definition = definitions && family ? definitions.kpiDefinition(language, family, kpi.key, kpi.unit) : undefined;
    return (
      // Focusable so that the definition shows for keyboard users too (hover or focus).
      <div className="kpi-card" key={kpi.key} data-testid={`kpi-${kebab(kpi.key)}`} tabIndex={0} aria-describedby={definition ? id : undefined}>
        <div className="kpi-name">{kpiName(language, kpi.key, kpi.label)}</div>
        <div className="kpi-value">
          <span ref={(node) => void (values.current[i] = node)}>–</span> <span className="kpi-unit">{measureUnit(language, kpi.unit)}</span>
        </div>
        <span className="kpi-change" data-testid={`kpi-change-${kebab(kpi.key)}`} ref={(node) => void (changes.current[i] = node)} />
        {definition && (
          <span className="kpi-definition" role="tooltip" id={id} data-testid={id}>
            {definition}
          </span>
        )}
      </div>
    );
  };
  return (
    <div className="kpi-groups">
      {groups.length > 0 && <h3 className="kpi-lead-title">{t('lead')}</h3>}
      <div className="kpi-cards" data-testid="kpi-lead">
        {lead.map(card)}
      </div>
      {groups.map((group) => (
        <details key={group.id} className="kpi-group" data-testid={`kpi-group-${group.id}`}>
          <summary>
            {t(`group.${group.id}`)} ({group.indices.length})
          </summary>
          <div className="kpi-cards">{group.indices.map(card)}</div>
        </details>
      ))}
    </div>
  );
}
