/**
 * The KPI table (means with 95 % CIs per level, the L1->L2 and L1->L3 changes paired by seed with their CIs, and the
 * survey reference in a column of its own, labelled as reference) and the chart of the changes (SVG bars with CI
 * whiskers beside the reference marks).
 */
import { useState, type RefObject } from 'react';
import type { ExperimentReport } from '../../core/experiment/experiment.ts';
import type { KpiDefinition } from '../../core/experiment/kpi.ts';
import { familyOfKpis } from '../dashboard/kpi-definitions.ts';
import { kpiTexts } from '../dashboard/kpi-texts.ts';
import { KpiTerm, Term } from '../dashboard/KpiTerm.tsx';
import { formatNumber } from '../hud.ts';
import { measureUnit } from '../units.ts';
import { fill, kpiName, type Language } from '../i18n.ts';
import { noDataLabel } from '../no-data.ts';
import { useApp } from '../store.ts';
import { useTexts } from '../use-t.ts';
import { chartKpis, deltaKeys, kpiRows, levelsIn } from './report.ts';
import { compareTexts } from './texts.ts';

export const LEVEL_COLORS: Record<string, string> = { L1: '#9aa3ad', L2: '#56B4E9', L3: '#009E73' };
export const REFERENCE_COLOR = '#E69F00';
/** Text colour of the SVG charts, as an attribute so that their PNG copies keep it. */
export const TEXT_COLOR = '#c5cad1';

export function percent(value: number | undefined, ci?: number): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const sign = value > 0 ? '+' : '';
  const main = `${sign}${value.toFixed(1)} %`;
  return ci === undefined ? main : Number.isFinite(ci) ? `${main} ± ${ci.toFixed(1)}` : main;
}

/** Whether a change is for the better, the worse, or neither (a KPI with no better direction, or no change). */
function judgement(kpi: KpiDefinition, change: number | undefined): '' | 'better' | 'worse' {
  if (change === undefined || !Number.isFinite(change) || change === 0 || kpi.better === 'neither') return '';
  return change > 0 === (kpi.better === 'higher') ? 'better' : 'worse';
}

function deltaLabel(key: string, t: (key: 'change') => string): string {
  const [from, to] = key.split('->');
  return fill(t('change'), { from: from ?? '', to: to ?? '' });
}

export function KpiTable({ report }: { report: ExperimentReport }) {
  const t = useTexts(compareTexts);
  const defs = useTexts(kpiTexts);
  const language = useApp((s) => s.language);
  const family = familyOfKpis(report.kpis);
  const levels = levelsIn(report);
  const deltas = deltaKeys(report);
  const [showAll, setShowAll] = useState(false);
  const rows = kpiRows(report);
  const referenced = rows.filter((row) => row.reference !== undefined).length;
  // The survey's KPIs first; the plant's many others (per cell, per learning period) on request.
  const shown = showAll || referenced === 0 ? rows : rows.slice(0, referenced);
  return (
    <>
      <table className="compare-table" data-testid="compare-table">
        <thead>
          <tr>
            <th>
              <Term id="compare-definition-kpi" text={t('kpi')} definition={defs('def.kpi')} />
            </th>
            <th>
              <Term id="compare-definition-unit" text={t('unit')} definition={defs('def.unit')} />
            </th>
            {levels.map((level) => (
              <th key={level} data-testid={`compare-col-${level}`}>
                <Term
                  id={`compare-definition-${level}`}
                  text={
                    <>
                      {t(`lane.${level}`)}
                      <br />
                      <small>{t('mean')}</small>
                    </>
                  }
                  definition={defs('def.mean')}
                />
              </th>
            ))}
            {deltas.map((key) => (
              <th key={key}>
                <Term
                  id={`compare-definition-${key.replace('->', '-')}`}
                  text={
                    <>
                      {deltaLabel(key, t)}
                      <br />
                      <small>{t('mean')}</small>
                    </>
                  }
                  definition={defs('def.delta')}
                />
              </th>
            ))}
            <th className="reference" data-testid="compare-reference-header" title={t('referenceNote')}>
              {t('reference')}
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.kpi.key} data-testid={`compare-row-${row.kpi.key}`}>
              <th scope="row" title={t(`better.${row.kpi.better}`)}>
                <KpiTerm kpi={row.kpi} language={language} family={family} idPrefix="compare" />
              </th>
              <td>{measureUnit(language, row.kpi.unit)}</td>
              {levels.map((level) => {
                const estimate = row.levels[level];
                return (
                  <td key={level} data-testid={`compare-${row.kpi.key}-${level}`} data-mean={estimate ? String(estimate.mean) : undefined}>
                    {estimate?.reason !== undefined
                      ? noDataLabel(language, estimate.reason)
                      : estimate
                        ? `${formatNumber(estimate.mean)} ± ${formatNumber(estimate.ci95)}`
                        : '–'}
                  </td>
                );
              })}
              {deltas.map((key) => {
                const delta = row.deltas[key];
                return (
                  <td
                    key={key}
                    className={judgement(row.kpi, delta?.percent)}
                    data-testid={`compare-${row.kpi.key}-${key}`}
                    data-percent={delta ? String(delta.percent) : undefined}
                  >
                    {delta?.reason !== undefined ? noDataLabel(language, delta.reason) : percent(delta?.percent, delta?.ci95)}
                  </td>
                );
              })}
              <td className="reference" data-testid={`compare-${row.kpi.key}-reference`}>
                {row.reference === undefined ? '' : percent(row.reference)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {referenced > 0 && referenced < rows.length && (
        <button type="button" className="compare-toggle" data-testid="compare-all-kpis" aria-expanded={showAll} onClick={() => setShowAll(!showAll)}>
          {showAll ? t('surveyKpisOnly') : fill(t('allKpis'), { count: rows.length })}
        </button>
      )}
    </>
  );
}

const ROW = 44;
const LEFT = 170;
const WIDTH = 640;
const RIGHT = 20;

/** Horizontal bars of the simulated changes per KPI and level, whiskers for the CIs, diamonds for the survey reference. */
export function DeltaChart({ report, language, svgRef }: { report: ExperimentReport; language: Language; svgRef: RefObject<SVGSVGElement | null> }) {
  const t = useTexts(compareTexts);
  const kpis = chartKpis(report);
  const deltas = deltaKeys(report);
  if (deltas.length === 0) return null;
  const values: number[] = [0];
  for (const kpi of kpis) {
    for (const key of deltas) {
      const d = report.deltas![key]![kpi.key];
      if (d && Number.isFinite(d.percent)) values.push(d.percent - (Number.isFinite(d.ci95) ? d.ci95 : 0), d.percent + (Number.isFinite(d.ci95) ? d.ci95 : 0));
      if (d?.reference !== undefined) values.push(d.reference);
    }
  }
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = Math.max(1, hi - lo) * 1.1;
  const min = lo - span * 0.05;
  const x = (v: number) => LEFT + ((v - min) / span) * (WIDTH - LEFT - RIGHT);
  const height = kpis.length * ROW + 50;
  const barHeight = (ROW - 12) / deltas.length;
  return (
    <svg
      ref={svgRef}
      xmlns="http://www.w3.org/2000/svg"
      className="compare-svg"
      fill={TEXT_COLOR}
      fontSize={11}
      fontFamily="system-ui, sans-serif"
      data-testid="delta-chart"
      width={WIDTH}
      height={height}
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label={t('deltaChart')}
    >
      <rect x={0} y={0} width={WIDTH} height={height} fill="#15181d" />
      <line x1={x(0)} x2={x(0)} y1={8} y2={height - 40} stroke="#5d646d" />
      <text x={x(0)} y={height - 28} textAnchor="middle">
        0 %
      </text>
      {kpis.map((kpi, row) => {
        const top = 10 + row * ROW;
        const reference = report.deltas![deltas[0]!]![kpi.key]?.reference;
        return (
          <g key={kpi.key}>
            <text x={LEFT - 6} y={top + ROW / 2} textAnchor="end" dominantBaseline="middle">
              {kpiName(language, kpi.key, kpi.label)}
            </text>
            {deltas.map((key, i) => {
              const d = report.deltas![key]![kpi.key];
              if (!d || !Number.isFinite(d.percent)) return null;
              const y = top + 4 + i * barHeight;
              const level = key.split('->')[1] ?? '';
              const ci = Number.isFinite(d.ci95) ? d.ci95 : 0;
              return (
                <g key={key} data-testid="delta-bar">
                  <rect
                    x={Math.min(x(0), x(d.percent))}
                    y={y}
                    width={Math.max(1, Math.abs(x(d.percent) - x(0)))}
                    height={barHeight - 2}
                    fill={LEVEL_COLORS[level] ?? '#56B4E9'}
                  >
                    <title>{`${key}: ${percent(d.percent, d.ci95)}`}</title>
                  </rect>
                  <line x1={x(d.percent - ci)} x2={x(d.percent + ci)} y1={y + barHeight / 2 - 1} y2={y + barHeight / 2 - 1} stroke="#e8eaed" />
                  <line x1={x(d.percent - ci)} x2={x(d.percent - ci)} y1={y + 2} y2={y + barHeight - 4} stroke="#e8eaed" />
                  <line x1={x(d.percent + ci)} x2={x(d.percent + ci)} y1={y + 2} y2={y + barHeight - 4} stroke="#e8eaed" />
                </g>
              );
            })}
            {reference !== undefined && (
              <path
                data-testid="reference-mark"
                d={`M ${x(reference)} ${top + 2} l 6 ${ROW / 2 - 4} l -6 ${ROW / 2 - 4} l -6 ${-(ROW / 2 - 4)} z`}
                fill="none"
                stroke={REFERENCE_COLOR}
                strokeWidth={2}
              >
                <title>{`${t('reference')}: ${percent(reference)}`}</title>
              </path>
            )}
          </g>
        );
      })}
      <g transform={`translate(${LEFT}, ${height - 14})`}>
        {deltas.map((key, i) => (
          <g key={key} transform={`translate(${i * 130}, 0)`}>
            <rect x={0} y={-9} width={12} height={10} fill={LEVEL_COLORS[key.split('->')[1] ?? ''] ?? '#56B4E9'} />
            <text x={16} y={0}>
              {`${t('simulated')} ${key.replace('->', '→')}`}
            </text>
          </g>
        ))}
        <g transform={`translate(${deltas.length * 130}, 0)`}>
          <path d="M 6 -10 l 5 6 l -5 6 l -5 -6 z" fill="none" stroke={REFERENCE_COLOR} strokeWidth={2} />
          <text x={16} y={0}>
            {t('reference')}
          </text>
        </g>
      </g>
    </svg>
  );
}
