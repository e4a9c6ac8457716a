/**
 * The order the dashboard shows a model's KPIs in: the five survey KPIs first (what the paradigm comparison is about),
 * then the rest in collapsible groups. Models without survey KPIs (teaching lines: four KPIs) show them all up front.
 */
import type { KpiDefinition } from '../../core/experiment/kpi.ts';
import { SURVEY_REFERENCE_PERCENT } from '../../core/experiment/kpi.ts';

export const KPI_GROUP_IDS = ['oee', 'energy', 'quality', 'flow', 'cost', 'control', 'learning', 'other'] as const;
export type KpiGroupId = (typeof KPI_GROUP_IDS)[number];

const SURVEY_KEYS = Object.keys(SURVEY_REFERENCE_PERCENT);

function groupOf(key: string): KpiGroupId {
  if (/^learn|^npi/.test(key)) return 'learning';
  if (/^(oee|availability|performance|quality)(Cnc\d+)?$|^(utilization|setupShare|downShare|mtbf|mttr|failures)$/.test(key)) return 'oee';
  if (/energy/i.test(key)) return 'energy';
  if (/^(scrapRate|yield|qualityError|gradeChangeOffSpec)$/.test(key)) return 'quality';
  if (/^(iaeReactorT|sdReactorT|alarms|violations|cleanings)$/.test(key)) return 'control';
  if (/^(throughput|wip|leadTime|timeInSystem|onTimeDelivery|stockoutHours|efficiencyPerLabourHour|efficiencyPerMachineHour|profit|changeoverTime)$/.test(key))
    return 'flow';
  if (/^(systemsCost|developmentCost|developmentTrials|costPerUnit)$/.test(key)) return 'cost';
  return 'other';
}

export interface KpiLayout {
  /** Indices into the model's KPIs shown first: the survey KPIs in the survey's order (or all, without any). */
  lead: number[];
  /** The rest, by group, in `KPI_GROUP_IDS` order; empty groups left out. */
  groups: { id: KpiGroupId; indices: number[] }[];
}

export function layoutKpis(kpis: readonly KpiDefinition[]): KpiLayout {
  const lead = SURVEY_KEYS.map((key) => kpis.findIndex((k) => k.key === key)).filter((i) => i >= 0);
  if (lead.length === 0) return { lead: kpis.map((_, i) => i), groups: [] };
  const byGroup = new Map<KpiGroupId, number[]>();
  kpis.forEach((kpi, i) => {
    if (lead.includes(i)) return;
    const id = groupOf(kpi.key);
    byGroup.set(id, [...(byGroup.get(id) ?? []), i]);
  });
  return { lead, groups: KPI_GROUP_IDS.filter((id) => byGroup.has(id)).map((id) => ({ id, indices: byGroup.get(id)! })) };
}
