/**
 * What each level of the 3C plant decides with numbers, and what they are tuned for (docs/tuning.md). Each path is read
 * by its level's decision logic only; where a higher level falls back on a lower level's rule until it has learned (L3
 * maintenance and quality start as the L2 rule), the lower level owns the parameter and the higher one inherits it.
 */
import type { TuningDeclaration } from '../experiment/runnable.ts';

export const MACHINING_TUNING: TuningDeclaration = {
  objective: {
    kpi: 'operatingCost',
    constraints: [{ kpi: 'efficiency', maxLossPercent: 1 }],
    statement:
      'Operating cost per good housing (every cost the plant pays, late penalties and escapes included), without losing more than 1 % of good output per hour',
  },
  parameters: {
    L1: [
      {
        path: 'maintenance.pmIntervalHours',
        capability: 'maintenance',
        min: 20,
        max: 240,
        step: 5,
        description: 'Preventive maintenance every so many operating hours (hour meter)',
      },
      {
        path: 'quality.toolChangeIntervalUnits',
        capability: 'quality',
        min: 0.3,
        max: 1.2,
        step: 0.02,
        description: 'Tool change at this fraction of nominal tool life (tool-life counter)',
      },
      {
        path: 'dispatching.sameFamilyPreferenceHours',
        capability: 'dispatching',
        min: 0,
        max: 12,
        step: 0.25,
        description: 'Shared queue per family: a lot of the family on the fixture goes before one that waited up to this many hours longer',
      },
      {
        path: 'supply.orderUpToDays',
        capability: 'supply',
        min: 2,
        max: 14,
        step: 0.5,
        description: 'Periodic review: order up to this many days of nominal demand',
      },
      {
        path: 'supply.reviewPeriodHours',
        capability: 'supply',
        min: 24,
        max: 336,
        step: 24,
        description: 'Periodic review interval on the stock report (a day old when the order is placed)',
      },
    ],
    L2: [
      {
        path: 'maintenance.vibrationThreshold',
        capability: 'maintenance',
        min: 2.5,
        max: 7,
        step: 0.1,
        description: 'Condition-based maintenance when smoothed vibration reaches this level, mm/s (L3 uses it until its life model has learned)',
      },
      {
        path: 'quality.spcLimit',
        capability: 'quality',
        min: 0.1,
        max: 0.8,
        step: 0.01,
        description: 'EWMA alarm limit of the in-line SPC chart that triggers a tool change (L3 until learned)',
      },
      {
        path: 'energy.standbyAfterHours',
        capability: 'energy',
        min: 0,
        max: 2,
        step: 0.05,
        description: 'Idle time before the MES puts a machine to standby (L3 starts from it)',
      },
      {
        path: 'supply.reorderPointDays',
        capability: 'supply',
        min: 0.5,
        max: 7,
        step: 0.25,
        description: 'e-kanban reorder point, days of nominal demand (L3 until it has two days of history)',
      },
      {
        path: 'supply.kanbanUnits',
        capability: 'supply',
        min: 60,
        max: 900,
        step: 30,
        integer: true,
        description: 'e-kanban container: blanks per replenishment order (L3 orders the same containers)',
      },
    ],
    L3: [
      {
        path: 'maintenance.learnedAlarmLife',
        capability: 'maintenance',
        min: 0.02,
        max: 0.6,
        step: 0.01,
        description: 'Maintain when the learned life model predicts this fraction of life left',
      },
      {
        path: 'maintenance.learnedWindowLife',
        capability: 'maintenance',
        min: 0.02,
        max: 0.8,
        step: 0.01,
        description: 'Or at this fraction when no lot is waiting (an idle window)',
      },
      {
        path: 'quality.learnedDefectLimit',
        capability: 'quality',
        min: 0.001,
        max: 0.1,
        step: 0.001,
        description: "Change the tool when the learned drift model's defect probability for the next housing exceeds this",
      },
      {
        path: 'supply.safetyFactorMad',
        capability: 'supply',
        min: 0,
        max: 4,
        step: 0.1,
        description: 'Safety stock of the forecast-based reorder point, in mean absolute forecast errors',
      },
    ],
  },
};
