/**
 * Notes for a petrochemical experiment report, computed from its per-seed samples: does the learning level (L3) beat
 * the classical one (L2: SIMC-tuned PID, RTO with fixed margins, analyzer) on the same disturbance sequences, KPI by
 * KPI; and what mechanism each survey KPI's delta comes from. `petrochemicalNotes` is the model's `notes` hook: the sim
 * CLI prints it under the KPI table and as `notes` in JSON.
 */
import type { ExperimentReport } from '../experiment/experiment.ts';
import { estimate } from '../stats/summary.ts';

export interface LearningVerdict {
  kpi: string;
  /** Mean per-seed change L2 -> L3, percent, with its 95 % half-width. */
  percent: number;
  ci95: number;
  /** Seeds where L3 was better, out of `seeds`. */
  wins: number;
  seeds: number;
  verdict: 'L3 better' | 'no significant difference' | 'L3 worse';
}

/** Paired L2 -> L3 comparison of every KPI with a direction (same seeds, so the same disturbances). */
export function learningVersusClassical(report: ExperimentReport): LearningVerdict[] {
  const l2 = report.levels.L2;
  const l3 = report.levels.L3;
  if (!l2 || !l3) return [];
  const out: LearningVerdict[] = [];
  for (const kpi of report.kpis) {
    if (kpi.better === 'neither') continue;
    const a = l2.samples[kpi.key]!;
    const b = l3.samples[kpi.key]!;
    const changes: number[] = [];
    let wins = 0;
    for (let i = 0; i < a.length; i++) {
      if (!Number.isFinite(a[i]!) || !Number.isFinite(b[i]!) || a[i] === 0) continue;
      changes.push((100 * (b[i]! - a[i]!)) / Math.abs(a[i]!));
      if (kpi.better === 'higher' ? b[i]! > a[i]! : b[i]! < a[i]!) wins++;
    }
    if (changes.length < 2) continue;
    const { mean, ci95 } = estimate(changes);
    const improving = kpi.better === 'higher' ? mean : -mean;
    const significant = Math.abs(mean) > ci95;
    out.push({
      kpi: kpi.key,
      percent: mean,
      ci95,
      wins,
      seeds: changes.length,
      verdict: !significant ? 'no significant difference' : improving > 0 ? 'L3 better' : 'L3 worse',
    });
  }
  return out;
}

/** Where each survey KPI's delta comes from in this plant, and why its size differs from the survey's. */
export const MECHANISMS: Readonly<Record<string, string>> = {
  efficiency:
    'On-spec throughput rises because the RTO uses the feed pump and separator margins the operating procedure leaves unused (bounded by the 15 % pump margin in the model file), the analyzer and soft sensor stop good product being diverted, and L3 learns smaller margins; L2 -> L3 adds only a few percent, as published APC gains do.',
  energyUtilization:
    'Energy per tonne falls only through higher conversion and fewer off-spec tonnes: the fired heater efficiency and the separator duty per mol are physics, the same at every level, so this stays below the survey figure.',
  operatingCost:
    'Raw material is about 90 % of cost; cost per tonne falls with selectivity (yield) and with fixed cost spread over more tonnes, not with energy, so it moves less than throughput.',
  developmentCycle:
    "New-grade development: trials until a grade whose kinetics are unknown is qualified. Lab and plant trials (L1) need about 13 trials, a model corrected from analyzer results (L2, L3) about 5; L3's two-factor learned model gains nothing measurable over L2's one-factor correction. Hours of trials on a 4-minute-residence reactor, not the survey's months of R&D: a different quantity. The grade-change time is changeoverTime.",
  defectRate:
    'Off-spec at L1 comes from transitions confirmed by lab results (spot samples every hour during transitions) and from feed-concentration drift corrected only every lab result; an analyzer removes most of it, so the drop exceeds the survey figure.',
};

/** Text notes for a report: the L2 -> L3 verdicts (saying where learning does not win) and the mechanisms. */
export function petrochemicalNotes(report: ExperimentReport): string[] {
  const notes: string[] = [];
  for (const v of learningVersusClassical(report)) {
    const sign = v.percent >= 0 ? '+' : '';
    notes.push(`L2 -> L3 ${v.kpi}: ${sign}${v.percent.toFixed(1)} ± ${v.ci95.toFixed(1)} % (L3 better in ${v.wins} of ${v.seeds} seeds): ${v.verdict}`);
  }
  for (const [kpi, text] of Object.entries(MECHANISMS)) notes.push(`${kpi}: ${text}`);
  return notes;
}
