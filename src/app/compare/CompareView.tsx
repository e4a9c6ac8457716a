/**
 * The paradigm comparison for trainers: L1, L2 and L3 of one plant side by side under one clock, and the statistics
 * over replications (KPI table with CIs and the survey reference, deltas chart, attribution waterfall, learning
 * curves, and any per-capability mix: the paper's "parallel promotion").
 */
import './compare.css';
import { useTexts } from '../use-t.ts';
import { SideBySide } from './SideBySide.tsx';
import { Statistics } from './Statistics.tsx';
import { compareTexts } from './texts.ts';

export function CompareView() {
  const t = useTexts(compareTexts);
  return (
    <div className="compare">
      <h2>{t('heading')}</h2>
      <p className="compare-note">{t('intro')}</p>
      <SideBySide />
      <Statistics />
    </div>
  );
}
