/**
 * The price of each level: what the capabilities at their levels install and run (analyzers, RTO and APC licences,
 * historian and network, computing, training), as amortised capital plus running cost per operating hour. The items and
 * their cited ranges are in the model file (`levelCosts`); the operating cost includes them.
 */
import type { Level } from '../experiment/levels.ts';
import { pow } from '../math/index.ts';
import type { PetrochemicalModel } from '../model/petrochemical-model.ts';

const RANK: Record<Level, number> = { L1: 1, L2: 2, L3: 3 };

/** Capital recovery factor: the yearly payment that repays 1 over `years` at `rate`. */
export function capitalRecoveryFactor(rate: number, years: number): number {
  if (rate === 0) return 1 / years;
  const growth = pow(1 + rate, years);
  return (rate * growth) / (growth - 1);
}

export interface LevelCostLine {
  id: string;
  perHour: number;
}

/** The items charged at these capability levels, each in $ per operating hour. */
export function levelCostLines(model: PetrochemicalModel, levels: Readonly<Record<string, Level>>): LevelCostLine[] {
  const costs = model.levelCosts;
  if (!costs) return [];
  return costs.items
    .filter((item) => item.capabilities.some((c) => RANK[levels[c] ?? 'L1'] >= RANK[item.fromLevel]))
    .map((item) => ({
      id: item.id,
      perHour: (item.capital.value * capitalRecoveryFactor(costs.discountRate, item.lifeYears.value) + item.annual.value) / costs.hoursPerYear,
    }));
}

/** Total level cost, $ per operating hour. */
export function levelCostPerHour(model: PetrochemicalModel, levels: Readonly<Record<string, Level>>): number {
  return levelCostLines(model, levels).reduce((sum, line) => sum + line.perHour, 0);
}
