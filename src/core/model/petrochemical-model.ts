/**
 * The petrochemical process plant model file (kind "petrochemical"): equipment sizes, streams, disturbances, prices,
 * product grades and the parameters of each level's decision logic. Physical quantities are written with their unit,
 * `{ "value": 10, "unit": "m3" }`, and converted here to the engine's units (litres, L/h, deg C, kJ, kJ/h, hours, $).
 * Where each default comes from is said in its description (the reference is shared/reference/process-models.md).
 */
import { z } from 'zod';
import { petrochemicalDomainRules } from './domain-rules.ts';
import { provenanceSchema } from './provenance.ts';
import { tuningSectionSchema } from './tuning.ts';

/** Units the file may use per dimension, with the factor to the engine's unit (temperatures also have an offset). */
export const UNITS = {
  volume: { L: 1, m3: 1000 },
  flow: { 'L/h': 1, 'm3/h': 1000 },
  temperature: { C: 1, K: 1 },
  duty: { 'kJ/h': 1, kW: 3600, MW: 3.6e6 },
  energyPrice: { '$/GJ': 1e-6, '$/MWh': 1 / 3.6e6, '$/kJ': 1 },
  massPrice: { '$/kg': 1, '$/t': 1e-3 },
  duration: { h: 1, min: 1 / 60, d: 24 },
  heatTransfer: { 'kJ/(h m2 K)': 1, 'W/(m2 K)': 3.6 },
} as const;

type Dimension = keyof typeof UNITS;

function quantity<D extends Dimension>(dimension: D, value: z.ZodNumber) {
  const units = Object.keys(UNITS[dimension]) as [string, ...string[]];
  return z.strictObject({ value, unit: z.enum(units) }).describe(`A ${dimension} with its unit: one of ${units.join(', ')}`);
}

/** A quantity in the engine's unit. */
export function toEngine(dimension: Dimension, q: { value: number; unit: string }): number {
  if (dimension === 'temperature') return q.unit === 'K' ? q.value - 273.15 : q.value;
  return q.value * (UNITS[dimension] as Record<string, number>)[q.unit]!;
}

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();
const fraction = z.number().min(0).max(1);
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'expected an identifier (letters, digits, _ . : -)');

const temperature = (d: string) => quantity('temperature', z.number().gt(-273.15)).describe(d);

const unitIds = ['feed-tank', 'feed-pump', 'preheater', 'reactor', 'cooling-valve', 'separator', 'product-tank', 'off-spec-tank', 'recovered-a-tank'] as const;

const streamSchema = z.strictObject({
  id,
  from: z.enum(unitIds),
  to: z.enum(unitIds),
  designFlow: quantity('flow', positive).describe('Design volumetric flow of the stream'),
});

const ouSchema = (mean: number, sd: number, hours: number, what: string) =>
  z
    .strictObject({
      mean: z.number().default(mean),
      sd: nonNegative.default(sd),
      correlationHours: positive.default(hours),
    })
    .describe(`${what}: an Ornstein-Uhlenbeck drift (mean, stationary sd, correlation time)`);

/** A cost with where it comes from; `range` is the cited range [low, high] the value must lie in (checked by a test). */
const citedValue = (what: string) =>
  z
    .strictObject({
      value: nonNegative,
      range: z.tuple([nonNegative, nonNegative]).optional(),
      source: z.string().min(1).describe('"[key] ..." naming a key of provenance.sources for the value or its range, or "assumption: ..." with the reasoning'),
    })
    .describe(what);

const levelCostSchema = z.strictObject({
  id,
  description: z.string(),
  capabilities: z
    .array(z.enum(['control', 'setpoints', 'quality', 'maintenance', 'gradeChange']))
    .min(1)
    .describe('Charged while any of these capabilities runs at `fromLevel` or above'),
  fromLevel: z.enum(['L1', 'L2', 'L3']),
  capital: citedValue('One-off cost: equipment, licence, engineering and installation, $'),
  lifeYears: citedValue('Years over which the capital is amortised'),
  annual: citedValue('Running cost per year: support, maintenance, consumables, staff time, $/yr'),
});

const gradeSchema = z.strictObject({
  id,
  minB: positive.describe('Specification: minimum B concentration of the product, mol/L'),
  maxB: positive.optional().describe('Specification: maximum B concentration, mol/L (omit for a one-sided spec)'),
  operatorSetpoints: z
    .strictObject({
      reactorTemperature: temperature('Operating-procedure reactor temperature for this grade'),
      feedTemperature: temperature('Operating-procedure preheater outlet temperature for this grade'),
      dilutionRate: positive.describe('Operating-procedure feed flow / reactor volume, 1/h'),
      correctionKPerMolL: nonNegative
        .default(0)
        .describe('Operator correction of the reactor temperature per mol/L of quality error on a lab result (0: none)'),
    })
    .describe('What the L1 operating procedure holds for this grade (wide margin to every constraint)'),
});

export const petrochemicalModelSchema = z
  .strictObject({
    $schema: z.string().optional(),
    kind: z.literal('petrochemical'),
    name: z.string().min(1),
    description: z.string().optional(),
    defaultDays: positive.default(30),
    warmupHours: nonNegative.default(24).describe('KPIs are measured after this start-up period'),
    reactor: z.strictObject({
      volume: quantity('volume', positive).describe('Reactor volume; the reference reactor (10 L) is scaled by volume / 10 L'),
      cleanHeatTransfer: quantity('heatTransfer', positive).describe('Clean wall coefficient kw (reference: 4032 kJ/(h m2 K))'),
      temperedWaterTemperature: temperature(
        'Coolant supply temperature of the jacket circuit; the jacket cannot go below it, so cooling capacity = kw A (T - this)',
      ),
      highAlarm: temperature('TAH: high reactor temperature alarm'),
      tripTemperature: temperature('TAHH: interlock trips the feed and the heater'),
      catalyst: z
        .strictObject({
          deactivationPerDay: nonNegative.describe('First-order loss of catalyst activity, 1/day of time on stream: activity = exp(-rate * days)'),
        })
        .optional()
        .describe('Catalyst activity multiplies all three reaction rates; absent or 0: the reference kinetics throughout'),
    }),
    preheater: z.strictObject({
      efficiency: fraction.describe('Fired-heater thermal efficiency (typical 0.80-0.90, API 560)'),
      maxDuty: quantity('duty', positive).describe('Maximum absorbed duty'),
      holdupHours: positive.describe('Coil residence time at design flow (sets the heater time constant)'),
      lossFraction: fraction.describe('Casing heat loss to ambient as a fraction of design duty'),
    }),
    feedTank: z.strictObject({ holdup: quantity('volume', positive).describe('Working volume; mixes feed-concentration drift') }),
    feedPump: z.strictObject({
      maxFlow: quantity('flow', positive).describe('Rated maximum flow (design flow plus the usual 10-25 % margin)'),
      mtbfHours: positive.describe('Mean time between trips (exponential)'),
      mttrHours: positive.describe('Mean time to restart after a trip (exponential)'),
    }),
    coolingValve: z.strictObject({
      stictionBand: fraction.describe('Stiction dead band once it develops, fraction of the cooling range'),
      stictionOnsetMeanHours: positive.describe('Mean time until stiction develops after each turnaround (exponential)'),
    }),
    separator: z.strictObject({
      model: z.literal('sharp-split').describe('Unreacted A leaves overhead to recovery; B, C, D leave in the product stream'),
      energyPerMolA: positive.describe('Reboiler steam per mol of A taken overhead, kJ/mol (heat of vaporisation about 28 kJ/mol times 1 + reflux ratio 1)'),
      maxLoadFactor: positive.describe('Flooding limit: maximum overhead A load as a multiple of the design load'),
    }),
    streams: z.array(streamSchema).min(1),
    disturbances: z.strictObject({
      feedConcentration: z
        .strictObject({
          mean: positive.default(5.1),
          sd: nonNegative.default(0.2),
          correlationHours: positive.default(12),
          min: positive.default(4.5),
          max: positive.default(5.7),
        })
        .describe('Supply concentration of A, mol/L: an Ornstein-Uhlenbeck drift clipped to the reference range 4.5-5.7'),
      feedTemperature: ouSchema(40, 3, 24, 'Feed-tank temperature, deg C'),
      ambient: z.strictObject({ mean: z.number(), dailyAmplitude: nonNegative }).describe('Ambient temperature, deg C'),
      fouling: z
        .strictObject({
          meanRate: positive.describe('Mean growth of the jacket fouling resistance, (h m2 K/kJ) per hour'),
          rateCv: nonNegative.describe('Coefficient of variation of the rate from one cleaning cycle to the next (lognormal)'),
        })
        .describe('Jacket fouling: 1/kw = 1/kw_clean + Rf, Rf grows linearly at a rate drawn per cycle'),
      temperatureNoise: nonNegative.describe('Thermocouple noise sd, K'),
    }),
    measurement: z.strictObject({
      lab: z.strictObject({ periodHours: positive, delayHours: nonNegative, noise: nonNegative }),
      analyzer: z.strictObject({ periodHours: positive, delayHours: nonNegative, noise: nonNegative }),
    }),
    economics: z.strictObject({
      feedPrice: quantity('massPrice', nonNegative).describe('Price of A in the feed'),
      recoveredACredit: fraction.describe('Value of A recovered overhead, as a fraction of the feed price'),
      productValue: quantity('massPrice', nonNegative).describe('Value of B in on-spec product'),
      offSpecValueFraction: fraction.describe('Off-spec product sells at this fraction of the product value'),
      offSpecHandling: quantity('massPrice', nonNegative).describe('Handling and rework of off-spec product, per t of B'),
      escapedOffSpecClaim: quantity('massPrice', nonNegative).describe('Claim for off-spec B shipped as product, per t of B'),
      fuelPrice: quantity('energyPrice', nonNegative),
      steamPrice: quantity('energyPrice', nonNegative),
      coolingPrice: quantity('energyPrice', nonNegative),
      fixedCostPerHour: nonNegative.describe('Labour and overheads, $/h'),
      cleaningCost: nonNegative.describe('Contractor and chemicals per jacket cleaning, $'),
      cleaningHours: positive.describe('Feed is stopped this long for a jacket cleaning'),
      labAnalysisCost: nonNegative.default(0).describe('Cost of one lab analysis of a product sample (technician time and consumables), $'),
    }),
    grades: z.array(gradeSchema).min(1),
    levelCosts: z
      .strictObject({
        discountRate: fraction.describe('Discount rate for amortising capital (capital recovery factor)'),
        hoursPerYear: positive.describe('Operating hours per year over which yearly costs are spread'),
        items: z.array(levelCostSchema),
      })
      .optional()
      .describe(
        'What each level installs and runs (analyzers, licences, historian and network, computing, training): amortised capital plus running cost, part of the operating cost while a listed capability runs at or above the level',
      ),
    newGrade: z
      .strictObject({
        id,
        minB: positive.describe('Specification of the new grade: minimum B concentration, mol/L'),
        maxB: positive.describe('Specification of the new grade: maximum B concentration, mol/L'),
        kineticsSd: nonNegative.describe('Spread of the unknown factors on k1 and k2 for the new chemistry (sd of their logarithms; drawn per replication)'),
        settleHours: positive.describe('Hours a trial point is held before its sample counts (about five residence times plus the heater)'),
        qualificationRuns: z.number().int().min(1).max(20).describe('Consecutive in-spec trials at one point that qualify the grade'),
        maxTrials: z.number().int().min(1).max(200).describe('Trials after which the development is given up (reported as not qualified)'),
        stepK: positive.describe('L1: largest reactor-temperature move between two plant trials, K'),
      })
      .optional()
      .describe('A grade whose operating window is unknown: the development cycle (trials until qualified), by level'),
    gradeChangeEveryDays: positive.describe('A new grade is released this often (the demand side: identical at every level)'),
    decisions: z
      .strictObject({
        calendarCleaningDays: positive.describe('L1: clean the jacket every this many days'),
        foulingThreshold: fraction.describe('L2: clean when monitored kw falls below this fraction of clean'),
        l2Margins: z.strictObject({
          quality: nonNegative.describe('Fixed margin on the B spec, mol/L (about 3 sd of the analyzer-era variability)'),
          temperature: nonNegative.describe('Fixed margin below the high alarm, K'),
          capacity: fraction.describe('Fraction of each equipment limit held in reserve'),
        }),
        l3QualityExceedance: fraction.describe('L3: the learned quality margin settles where this share of quality readings is off spec'),
        l3LimitExceedance: fraction.describe('L3: the learned temperature and capacity margins settle where this share of minutes touches the limit'),
        conservativeLambdaFactor: positive.describe('L1 PID: lambda tuning with closed-loop time = this times the open-loop time constant'),
        operatorRampHours: positive.describe('L1 grade change: operating-procedure ramp duration'),
        shiftHours: positive.describe('L1 without planned grade changes: a new procedure is picked up at the next shift hand-over'),
        l1PlannedGradeChanges: z
          .boolean()
          .default(false)
          .describe('L1: grade changes are on the shift plan ahead of time, so the procedure starts at the release instead of the next hand-over'),
        l1TransitionSamplingHours: positive
          .optional()
          .describe(
            'L1: from a grade release, and after an off-spec result, spot samples go to the lab this often until a result is on spec (omit: routine sampling only)',
          ),
      })
      .describe('Parameters of the decision logic at each level (never of the plant)'),
    tuning: tuningSectionSchema.optional(),
    provenance: provenanceSchema,
  })
  .superRefine((model, ctx) => {
    petrochemicalDomainRules(model, ctx);
    const ids = new Set<string>();
    model.streams.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['streams', i, 'id'], message: `duplicate stream id "${s.id}"` });
      ids.add(s.id);
      if (s.from === s.to) ctx.addIssue({ code: 'custom', path: ['streams', i, 'to'], message: 'expected a stream between two different units' });
    });
    if (!model.streams.some((s) => s.from === 'preheater' && s.to === 'reactor')) {
      ctx.addIssue({
        code: 'custom',
        path: ['streams'],
        message: 'expected a stream from "preheater" to "reactor" (its design flow sets the design dilution rate)',
      });
    }
    if (toEngine('temperature', model.reactor.tripTemperature) <= toEngine('temperature', model.reactor.highAlarm)) {
      ctx.addIssue({ code: 'custom', path: ['reactor', 'tripTemperature'], message: 'expected the trip temperature above the high alarm' });
    }
    if (model.newGrade && model.newGrade.maxB <= model.newGrade.minB) {
      ctx.addIssue({ code: 'custom', path: ['newGrade', 'maxB'], message: `expected maxB above minB (${model.newGrade.minB})` });
    }
    const gradeIds = new Set<string>();
    model.grades.forEach((g, i) => {
      if (g.maxB !== undefined && g.maxB <= g.minB)
        ctx.addIssue({ code: 'custom', path: ['grades', i, 'maxB'], message: `expected maxB above minB (${g.minB})` });
      if (gradeIds.has(g.id)) ctx.addIssue({ code: 'custom', path: ['grades', i, 'id'], message: `duplicate grade id "${g.id}"` });
      gradeIds.add(g.id);
    });
  });

export type PetrochemicalModel = z.infer<typeof petrochemicalModelSchema>;
