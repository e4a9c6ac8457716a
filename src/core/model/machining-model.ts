/**
 * The 3C machining plant model file (`kind: "machining"`): CNC machining of phone, tablet and laptop housings, with
 * deburring, batch anodizing, laser marking, inspection and packing. Time unit: hour. Every parameter is a property of
 * the plant, its demand or its prices, or a setting of a controller; none is per level (see shared/reference/paradigms.md).
 * Where the values come from is stated in the model file's `provenance` (see provenance.ts) and in
 * src/core/machining/README.md.
 */
import { z } from 'zod';
import { machiningDomainRules } from './domain-rules.ts';
import { compileRule } from '../scheduling/expression.ts';
import { checkWeights } from '../scheduling/learned.ts';
import { provenanceSchema } from './provenance.ts';
import { tuningSectionSchema } from './tuning.ts';

const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'expected an identifier (letters, digits, _ . : -)')
  .describe('Identifier, unique in the model');
const positive = z.number().positive();
const nonNegative = z.number().nonnegative();
const probability = z.number().min(0).max(1);

const productSchema = z.strictObject({
  id,
  name: z.string().optional(),
  family: id.describe('Setup family: a change of family on a CNC cell needs a fixture and program change'),
  blank: id.describe('Raw blank type (aluminium billet) it is machined from'),
  cncHoursPerUnit: positive.describe('CNC cycle time of one housing, all operations of the cell, hours'),
  wearPerUnit: positive.describe('Tool wear one housing adds, in units of nominal tool life'),
  cells: z
    .array(z.number().int().nonnegative())
    .min(1)
    .describe('CNC cells (0-based) that hold a fixture for this family; a cell no product lists takes any family (with a family set-up at each change)'),
  materialCost: nonNegative.describe('Blank cost per unit, currency'),
  mixWeight: nonNegative.describe('Share of customer orders (relative weight) once the product is released'),
  releaseDay: nonNegative.default(0).describe('Day the variant is released to production; > 0 makes it a new-product introduction'),
  parent: id.optional().describe('Existing product whose machining data the new variant resembles (used by shared-data NPI)'),
  processOptimum: z
    .tuple([z.number(), z.number()])
    .optional()
    .describe('Unknown best (feed, speed) setting in normalised units; a new variant must find it by trial runs'),
});

/** What one capability at one level installs and runs, per CNC cell (IIoT and MES are priced per connected machine). */
const levelCostSchema = z.strictObject({
  capitalPerCell: nonNegative.describe('Hardware, software licences and installation, currency per CNC cell, amortised over levelCosts.lifeYears'),
  runningPerCellYear: nonNegative.describe('Subscriptions, maintenance, calibration, computing and staff training, currency per CNC cell and year'),
});
const capabilityCostsSchema = z.partialRecord(z.enum(['dispatching', 'maintenance', 'quality', 'energy', 'supply', 'newProducts']), levelCostSchema);

const stationSchema = z.strictObject({
  servers: z.number().int().positive(),
  hoursPerUnit: nonNegative.describe('Processing time per housing'),
  hoursPerLot: nonNegative.default(0).describe('Handling time per lot'),
  idleKw: nonNegative,
  busyKw: nonNegative,
});

export const machiningModelSchema = z
  .strictObject({
    $schema: z.string().optional(),
    kind: z.literal('machining'),
    name: z.string(),
    description: z.string().optional(),
    provenance: provenanceSchema,
    timeUnit: z.literal('hour').default('hour'),
    defaultDays: positive.default(30),
    warmupDays: nonNegative.default(0).describe('KPIs are measured after this warm-up (the start-up backlog and empty floor are deleted)'),
    shifts: z.strictObject({
      hoursPerShift: positive,
      operatorsPerShift: z.array(z.number().int().positive()).min(1).describe('Operators on each shift of the day, in order'),
      operatorWagePerHour: nonNegative,
      patrolIntervalHours: nonNegative.describe('Round of an operator without a networked call: how long a need can go unnoticed'),
    }),
    products: z.array(productSchema).min(3),
    orders: z.strictObject({
      meanInterarrivalHours: positive,
      quantity: z.strictObject({ min: z.number().int().positive(), max: z.number().int().positive() }),
      dueHours: z.strictObject({ min: positive, max: positive }).describe('Quoted lead time from order to due date'),
      lotSize: z.number().int().positive().describe('Units per transfer lot'),
      wipCapLots: z.number().int().positive().describe('Lots allowed on the floor (CONWIP release)'),
      latePenaltyPerUnitDay: nonNegative,
      ordersAtStart: z.number().int().nonnegative().default(0).describe('Backlog of orders at time 0'),
    }),
    cnc: z.strictObject({
      cells: z.number().int().positive(),
      loadHoursPerLot: nonNegative.describe('Operator time to unload the finished lot and load the next'),
      familySetupHours: positive.describe('Fixture and program change between families; needs an operator'),
      productSetupHours: nonNegative.describe('Program change within a family'),
      power: z.strictObject({ idleKw: nonNegative, busyKw: nonNegative, standbyKw: nonNegative, warmupHours: nonNegative }),
      overheadPerCellHour: nonNegative.describe('Fixed cost of a CNC cell per calendar hour: depreciation, floor space, service contract'),
      toolChangeHours: nonNegative.describe('Sister-tool swap by the tool changer'),
      toolCost: nonNegative,
      toolLifeSpread: nonNegative.describe('Sigma of the lognormal tool-to-tool life factor'),
      drift: z.strictObject({
        onsetWear: nonNegative.describe('Wear (tool lives) below which the tool cuts to size'),
        gain: positive.describe('Dimensional drift per unit of wear beyond onset, in tolerance units (power law)'),
        exponent: positive,
        processSigma: positive.describe('Part-to-part dimensional scatter, in tolerance units'),
        reworkBand: positive.describe('Deviation (tolerance units) up to which an out-of-tolerance part can be reworked'),
        cosmeticDefectProbability: probability.describe('Anodizing/handling defects independent of the machine (common cause)'),
        cosmeticReworkShare: probability,
      }),
      health: z.strictObject({
        weibullShape: positive,
        weibullScaleHours: positive.describe('Characteristic operating life of a spindle/axis between renewals'),
        cellWeibullScaleHours: z
          .record(z.string().regex(/^cnc-[1-9][0-9]*$/, 'expected a CNC cell id such as cnc-3 (cells numbered from 1)'), positive)
          .optional()
          .describe(
            'Per-cell characteristic life, by cell id (cnc-1 is cell index 0): overrides weibullScaleHours for that cell (one cell wearing out faster than its siblings). Absent or empty: every cell uses weibullScaleHours',
          ),
        vibrationNew: positive.describe('RMS vibration of a healthy machine, mm/s'),
        vibrationFailed: positive.describe('RMS vibration at failure, mm/s'),
        vibrationNoise: nonNegative.describe('Sensor noise sd, mm/s'),
        repairHours: z.strictObject({ mean: positive, sd: nonNegative }).describe('Lognormal repair time'),
        pmHours: positive,
        inspectionSd: nonNegative.describe('Sd of the remaining-life fraction a technician reads at a teardown (PM)'),
        repairPartsCost: nonNegative,
        pmPartsCost: nonNegative,
      }),
    }),
    deburr: stationSchema,
    anodize: z.strictObject({
      tankCapacityUnits: z.number().int().positive(),
      cycleHours: positive,
      maxWaitHours: positive.describe('Longest a lot waits for a fuller batch'),
      busyKw: nonNegative,
      idleKw: nonNegative.describe('Keeping the bath at temperature'),
    }),
    laser: stationSchema,
    inspection: stationSchema.extend({
      sampleSize: z.number().int().positive().describe('Units per lot measured on the CMM under sampling inspection'),
    }),
    packing: stationSchema,
    rework: z.strictObject({
      hoursPerUnit: positive,
      costPerUnit: nonNegative,
      escapeCostPerUnit: nonNegative.describe('Cost of a defective housing that reaches the customer (return, replacement)'),
    }),
    transportHours: nonNegative.describe('AGV move between stages'),
    supply: z.strictObject({
      leadTimeHours: z.strictObject({ mean: positive, sd: nonNegative }).describe('Lognormal supplier lead time'),
      initialBlanks: z.number().int().nonnegative(),
      reviewPeriodHours: positive.describe('Periodic review interval (paper reports)'),
      reportingDelayHours: nonNegative.describe('Age of the inventory report used at a periodic review'),
      orderUpToDays: positive.describe('Periodic review: order up to this many days of nominal demand'),
      kanbanUnits: z.number().int().positive().describe('e-kanban container size'),
      reorderPointDays: positive.describe('Reorder point in days of nominal demand'),
      safetyFactorMad: nonNegative.default(1.5).describe('Forecast-based reorder point (L3): safety stock in mean absolute forecast errors'),
      holdingCostPerUnitDay: nonNegative,
    }),
    energy: z.strictObject({
      tariff: z
        .array(z.strictObject({ fromHour: z.number().min(0).max(24), price: nonNegative }))
        .min(1)
        .describe('Time-of-use price per kWh from the given hour of day'),
      baseLoadKw: nonNegative.describe('Lighting, HVAC, compressors: same at every level'),
      standbyAfterHours: nonNegative.describe('Networked standby: idle time before a machine is put to standby'),
    }),
    npi: z.strictObject({
      programmingHours: nonNegative.describe('CAM programming and fixture build before the first trial'),
      trialHours: positive.describe('One trial run on the pilot cell, including first-article measurement'),
      trialUnits: z.number().int().positive(),
      targetYield: probability,
      peakYield: probability,
      yieldWidth: positive.describe('Distance from the optimum (normalised) at which yield falls by e^-1'),
      searchBox: z.number().positive().describe('Half-width of the admissible (feed, speed) box'),
      stepSize: positive.describe('Trial-and-error step'),
      parentOffsetSd: positive.describe('How far a variant optimum lies from its parent family (sd), beyond the generation shift'),
      generationShift: z
        .tuple([z.number(), z.number()])
        .default([0, 0])
        .describe('Systematic shift of every new variant from its parent (new alloy, thinner walls): what learning across variants can find'),
      maxTrials: z.number().int().positive(),
    }),
    dispatching: z
      .strictObject({
        sameFamilyPreferenceHours: nonNegative
          .default(0)
          .describe(
            'Shared queue without an MES (L1): a lot of the family already on the fixture goes before an older one that waited up to this many hours longer',
          ),
      })
      .default({ sameFamilyPreferenceHours: 0 }),
    maintenance: z.strictObject({
      pmIntervalHours: positive.describe('Fixed-interval preventive maintenance, operating hours'),
      vibrationThreshold: positive.describe('Condition-based maintenance threshold, mm/s'),
      learnedAlarmLife: probability.default(0.2).describe('Predictive maintenance (L3): maintain when the predicted remaining life falls to this fraction'),
      learnedWindowLife: probability.default(0.4).describe('Predictive maintenance (L3): or at this fraction when no lot is waiting'),
    }),
    quality: z.strictObject({
      toolChangeIntervalUnits: positive.describe('Fixed tool change, in nominal tool lives'),
      spcLambda: z.number().gt(0).max(1).describe('EWMA weight of the in-line SPC chart'),
      spcLimit: positive.describe('EWMA alarm limit, tolerance units'),
      probeHoursPerUnit: nonNegative
        .default(0)
        .describe('In-machine probing of a housing where a level measures every housing at the CNC (L2, L3): added cycle time, hours'),
      learnedDefectLimit: probability
        .default(0.01)
        .describe("Predictive quality (L3): change the tool when the next housing's predicted defect probability exceeds this"),
    }),
    dispatchRule: z
      .union([z.strictObject({ expression: z.string().min(1).max(2000), highestFirst: z.boolean().optional() }), z.strictObject({ weights: z.unknown() })])
      .optional()
      .describe(
        "A student's own dispatching rule (a priority expression, lowest first unless highestFirst) or trained dispatcher (the lab's exported weights): it makes the CNC cells' real-time dispatching decisions at every level in place of the level's own rule",
      ),
    levelCosts: z
      .strictObject({
        lifeYears: positive.describe('Amortisation period of the capital'),
        L2: capabilityCostsSchema.default({}),
        L3: capabilityCostsSchema.default({}),
      })
      .optional()
      .describe('What each level installs beyond L1 (sensors, probes, network, MES, computing, licences, training), per capability; charged in operating cost'),
    tuning: tuningSectionSchema.optional(),
  })
  .superRefine((model, context) => {
    machiningDomainRules(model, context);
    checkDispatchRule(model.dispatchRule, context);
    // A per-cell override must name a cell that exists.
    for (const key of Object.keys(model.cnc.health.cellWeibullScaleHours ?? {})) {
      const number = Number(key.slice('cnc-'.length));
      if (number > model.cnc.cells) {
        context.addIssue({
          code: 'custom',
          path: ['cnc', 'health', 'cellWeibullScaleHours', key],
          message: `expected a CNC cell id from cnc-1 to cnc-${model.cnc.cells} (cnc.cells is ${model.cnc.cells}), got ${key}`,
        });
      }
    }
    // A product's fixture cells must exist: with fewer cells (a `cnc.cells` override) its lots would wait for a cell
    // that is not there.
    model.products.forEach((product, i) =>
      product.cells.forEach((cell, j) => {
        if (cell >= model.cnc.cells) {
          context.addIssue({
            code: 'custom',
            path: ['products', i, 'cells', j],
            message: `expected a CNC cell index below cnc.cells (${model.cnc.cells}), got ${cell}`,
          });
        }
      }),
    );
  });

export type MachiningModel = z.infer<typeof machiningModelSchema>;
export type MachiningProduct = MachiningModel['products'][number];

/** A student's rule must compile (the message points at the column) and trained weights must have the dispatcher's shape. */
function checkDispatchRule(rule: { expression: string; highestFirst?: boolean } | { weights?: unknown } | undefined, context: z.RefinementCtx): void {
  if (rule === undefined) return;
  try {
    if ('expression' in rule) compileRule(rule.expression, { highestFirst: rule.highestFirst });
    else checkWeights(rule.weights, 'dispatchRule.weights');
  } catch (error) {
    context.addIssue({ code: 'custom', path: ['dispatchRule', 'expression' in rule ? 'expression' : 'weights'], message: (error as Error).message });
  }
}
