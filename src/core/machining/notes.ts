/**
 * Notes for a 3C machining experiment report (the model's `notes` hook, printed by the sim CLI under the table and as
 * `notes` in JSON): for each learning controller, does it end better than the L2 rule on the measure it optimises,
 * paired by seed, and what each survey KPI's delta comes from. Computed from the report's per-seed samples only.
 */
import type { ExperimentReport } from '../experiment/experiment.ts';
import { estimate } from '../stats/summary.ts';

interface LearningMeasure {
  readonly capability: string;
  readonly learner: string;
  readonly first: string;
  readonly last: string;
  readonly better: 'higher' | 'lower';
  readonly unit: string;
}

const MEASURES: readonly LearningMeasure[] = [
  {
    capability: 'dispatching',
    learner: 'bandit over the L2 policy and library rules',
    first: 'learnDispatchFirstWeek',
    last: 'learnDispatchLastWeek',
    better: 'higher',
    unit: '% reward',
  },
  {
    capability: 'quality',
    learner: 'drift and scatter model from in-line measurements',
    first: 'learnQualityFirstWeek',
    last: 'learnQualityLastWeek',
    better: 'lower',
    unit: '% drift defects',
  },
  {
    capability: 'maintenance',
    learner: 'remaining-life model from failures and teardowns',
    first: 'learnMaintenanceFirstWeek',
    last: 'learnMaintenanceLastWeek',
    better: 'lower',
    unit: 'h/day lost',
  },
  {
    capability: 'energy',
    learner: 'standby delay learned from idle spells',
    first: 'learnEnergyFirstWeek',
    last: 'learnEnergyLastWeek',
    better: 'lower',
    unit: 'kWh/day non-cutting',
  },
  {
    capability: 'supply',
    learner: 'Holt forecast of blank consumption',
    first: 'learnSupplyFirstWeek',
    last: 'learnSupplyLastWeek',
    better: 'lower',
    unit: 'h/day stock-out',
  },
  {
    capability: 'newProducts',
    learner: 'Bayesian optimisation with a prior learned across variants',
    first: 'npiTrialsFirstVariant',
    last: 'npiTrialsLastVariant',
    better: 'lower',
    unit: 'trials',
  },
];

export const MACHINING_MECHANISMS: Readonly<Record<string, string>> = {
  efficiency:
    "Demand is below every level's capacity, so every level ships it: good housings per hour barely move. What a level changes is the machine time it needs (efficiencyPerMachineHour: dispatching with fewer set-ups and no waiting for a patrol, fewer failures; probing every housing costs cycle time) and its capacity (npm run bench:levels).",
  energyUtilization: 'Idle machines go to standby (energy capability); the anodizing bath and base load are the same at every level and bound it.',
  operatingCost:
    'Fewer failures and repairs (maintenance) and fewer escapes save money; sensors, probes, MES, computing and training (systemsCost) cost money, and eat most of the saving against an L1 tuned as well as its information allows.',
  developmentCycle:
    'Fewer trial runs: shared data starts the search at the parent part, Bayesian optimisation learns the generation shift across variants; fixture build and programming (90 h) are the same at every level.',
  defectRate:
    'In-line measurement finds every dimensional defect at the machine (no escapes), but a tuned L1 that changes tools at half their nominal life makes few drift defects, and every re-cut at L2/L3 counts as a defect: the rate need not fall. Cosmetic (anodizing) defects, the same at every level, are the floor.',
};

export function machiningNotes(report: ExperimentReport): string[] {
  const notes: string[] = [];
  const l2 = report.levels.L2;
  const l3 = report.levels.L3;
  if (l2 && l3) {
    for (const m of MEASURES) {
      const a = l2.samples[m.last];
      const b = l3.samples[m.last];
      if (!a || !b) continue;
      const diffs: number[] = [];
      for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i]!) && Number.isFinite(b[i]!)) diffs.push(b[i]! - a[i]!);
      if (diffs.length < 2) continue;
      const { mean, ci95 } = estimate(diffs);
      const gain = m.better === 'higher' ? mean : -mean;
      const verdict = !(Math.abs(mean) > ci95)
        ? 'not distinguishable from the L2 rule'
        : gain > 0
          ? 'ends better than the L2 rule'
          : 'ends worse than the L2 rule';
      const l2Last = estimate(a.filter(Number.isFinite)).mean;
      const l3Last = estimate(b.filter(Number.isFinite)).mean;
      const l3First = estimate((l3.samples[m.first] ?? []).filter(Number.isFinite)).mean;
      const l2First = estimate((l2.samples[m.first] ?? []).filter(Number.isFinite)).mean;
      notes.push(
        `${m.capability} (L3: ${m.learner}): ${verdict}; ${m.last} ${fmt(l3Last)} vs L2 ${fmt(l2Last)} ${m.unit} ` +
          `(paired difference ${mean >= 0 ? '+' : ''}${fmt(mean)} ± ${fmt(ci95)}); it starts as the L2 rule; first period ${fmt(l3First)} vs L2 ${fmt(l2First)}.`,
      );
    }
  }
  if (report.deltas?.['L1->L3']) {
    for (const [kpi, text] of Object.entries(MACHINING_MECHANISMS)) notes.push(`${kpi}: ${text}`);
  }
  return notes;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? (Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2)) : '-';
}
