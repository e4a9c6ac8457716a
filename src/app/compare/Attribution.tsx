/**
 * The attribution waterfall of one KPI: each capability raised alone from L1 (others at L1) as a step, the interaction
 * remainder (what the capabilities only achieve together, of either sign) as a step of its own, and the whole L1 -> L3
 * change as the total bar. Shares need not add up to 1, and the chart does not pretend they do.
 */
import { useRef, useState } from 'react';
import type { ExperimentReport } from '../../core/experiment/experiment.ts';
import { capabilityName, fill, kpiName } from '../i18n.ts';
import { useApp } from '../store.ts';
import { useTexts } from '../use-t.ts';
import { fileStem } from '../export/download.ts';
import { ExportButtons } from '../export/ExportButtons.tsx';
import { percent, REFERENCE_COLOR, TEXT_COLOR } from './KpiTable.tsx';
import { attributionCsv, chartKpis, waterfall } from './report.ts';
import { useSvgSnapshot } from './svg-snapshot.ts';
import { compareTexts } from './texts.ts';

const WIDTH = 640;
const LEFT = 190;
const RIGHT = 90;
const ROW = 26;
const COLORS = { capability: '#56B4E9', interaction: '#CC79A7', total: '#009E73' } as const;

export function AttributionChart({ report }: { report: ExperimentReport }) {
  const t = useTexts(compareTexts);
  const language = useApp((s) => s.language);
  const kpis = chartKpis(report);
  const [chosen, setChosen] = useState<string>(kpis[0]?.key ?? '');
  const kpiKey = kpis.some((k) => k.key === chosen) ? chosen : (kpis[0]?.key ?? '');
  const steps = waterfall(report, kpiKey);
  const svg = useRef<SVGSVGElement>(null);
  const png = useSvgSnapshot(svg, [report, kpiKey, language]);
  const level = report.attributionLevel ?? 'L3';
  if (!steps) return null;
  // One replication has no CI (NaN): the scale then follows the steps alone, not NaN.
  const values = steps.flatMap((s) => {
    const ci = s.ci95 !== undefined && Number.isFinite(s.ci95) ? s.ci95 : 0;
    return [s.from, s.to, s.to + ci, s.to - ci];
  });
  const reference = report.deltas?.[`L1->${level}`]?.[kpiKey]?.reference;
  if (reference !== undefined) values.push(reference);
  values.push(0);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = Math.max(1, hi - lo) * 1.1;
  const min = lo - span * 0.05;
  const x = (v: number) => LEFT + ((v - min) / span) * (WIDTH - LEFT - RIGHT);
  const height = steps.length * ROW + 30;
  const label = (key: string) => (key === 'interaction' ? t('interaction') : key === 'total' ? fill(t('total'), { level }) : capabilityName(language, key));
  return (
    <div data-testid="attribution-chart" data-kpi={kpiKey}>
      <label className="compare-note">
        {t('attributionKpi')}{' '}
        <select data-testid="attribution-kpi" value={kpiKey} onChange={(e) => setChosen(e.target.value)}>
          {kpis.map((k) => (
            <option key={k.key} value={k.key}>
              {kpiName(language, k.key, k.label)}
            </option>
          ))}
        </select>
      </label>
      <svg
        ref={svg}
        xmlns="http://www.w3.org/2000/svg"
        className="compare-svg"
        fill={TEXT_COLOR}
        fontSize={11}
        fontFamily="system-ui, sans-serif"
        width={WIDTH}
        height={height}
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={fill(t('attribution'), { level })}
      >
        <rect x={0} y={0} width={WIDTH} height={height} fill="#15181d" />
        <line x1={x(0)} x2={x(0)} y1={4} y2={height - 22} stroke="#5d646d" />
        <text x={x(0)} y={height - 8} textAnchor="middle">
          0 %
        </text>
        {steps.map((step, i) => {
          const y = 6 + i * ROW;
          const left = Math.min(x(step.from), x(step.to));
          const width = Math.max(1, Math.abs(x(step.to) - x(step.from)));
          const change = step.to - step.from;
          const ci = step.ci95 !== undefined && Number.isFinite(step.ci95) ? step.ci95 : undefined;
          const shareText = step.share !== undefined && Number.isFinite(step.share) ? ` (${t('share')} ${(100 * step.share).toFixed(0)} %)` : '';
          return (
            <g key={step.key} data-testid="attribution-bar" data-kind={step.kind} data-capability={step.key} data-change={change}>
              <text x={LEFT - 6} y={y + ROW / 2 - 2} textAnchor="end" dominantBaseline="middle">
                {label(step.key)}
              </text>
              <rect x={left} y={y} width={width} height={ROW - 8} fill={COLORS[step.kind]} opacity={step.kind === 'interaction' ? 0.75 : 1}>
                <title>{`${label(step.key)}: ${percent(change, ci)}${shareText}`}</title>
              </rect>
              {ci !== undefined && <line x1={x(step.to - ci)} x2={x(step.to + ci)} y1={y + (ROW - 8) / 2} y2={y + (ROW - 8) / 2} stroke="#e8eaed" />}
              {i < steps.length - 1 && step.kind !== 'total' && (
                <line x1={x(step.to)} x2={x(step.to)} y1={y + ROW - 8} y2={y + ROW} stroke="#5d646d" strokeDasharray="2 2" />
              )}
              <text x={WIDTH - RIGHT + 6} y={y + ROW / 2 - 2} dominantBaseline="middle">
                {percent(change)}
              </text>
            </g>
          );
        })}
        {reference !== undefined && (
          <path
            d={`M ${x(reference)} ${6 + (steps.length - 1) * ROW - 2} l 5 ${ROW / 2 - 3} l -5 ${ROW / 2 - 3} l -5 ${-(ROW / 2 - 3)} z`}
            fill="none"
            stroke={REFERENCE_COLOR}
            strokeWidth={2}
          >
            <title>{`${t('reference')}: ${percent(reference)}`}</title>
          </path>
        )}
      </svg>
      <p className="compare-note">{fill(t('attributionHint'), { level })}</p>
      <ExportButtons stem={`${fileStem(report.model)}-attribution-${kpiKey}`} csv={() => attributionCsv(report)} chart={() => png.current} />
    </div>
  );
}
