/**
 * What a KPI is (its key, unit and which direction is better), and the survey figures the simulated deltas are shown
 * beside. The survey figures are a *reference* for display only: nothing in the simulation reads them.
 */
export interface KpiDefinition {
  /** camelCase key used in reports and JSON output. */
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly better: 'higher' | 'lower' | 'neither';
  /** Why a run may have no value for it (shown as "no data: <this>"); see kpi-value.ts. */
  readonly noData?: string;
}

/**
 * Survey reference (not a simulation input): average KPI changes after intelligent-manufacturing upgrades, from the
 * survey of 308 projects (2015-2017) in the strategy paper (shared/reference/paradigms.md). Percent change, signed.
 */
export const SURVEY_REFERENCE_PERCENT: Readonly<Record<string, number>> = {
  efficiency: 34,
  energyUtilization: 17.2,
  operatingCost: -22,
  developmentCycle: -32.4,
  defectRate: -29.4,
};
