/**
 * An optimisation study as a file (`npm run optimize -- study.json`): the model, the decision variables (numeric model
 * parameters by JSON path, with bounds and steps), the objective (one KPI, or a weighted sum of KPIs and variables, to
 * maximise or minimise), constraints on KPIs, the search budget and the final selection's indifference zone and
 * confidence. Validated with zod; errors name the file and the path.
 */
import { z } from 'zod';
import { LEVELS } from '../experiment/levels.ts';
import { ModelFileError, parseJsonText, problemsFromZod } from '../model/errors.ts';

const variableSchema = z
  .strictObject({
    path: z.string().min(1).describe('JSON path of a numeric model parameter, e.g. stations[1].bufferCapacity'),
    min: z.number(),
    max: z.number(),
    step: z.number().positive().default(1),
  })
  .refine((v) => v.max >= v.min, { message: 'expected max >= min', path: ['max'] })
  .refine((v) => Math.abs((v.max - v.min) / v.step - Math.round((v.max - v.min) / v.step)) < 1e-9, {
    message: 'expected (max - min) to be a whole number of steps',
    path: ['step'],
  });

const termSchema = z
  .strictObject({ kpi: z.string().optional(), variable: z.string().optional(), weight: z.number() })
  .refine((t) => (t.kpi === undefined) !== (t.variable === undefined), { message: 'expected exactly one of kpi or variable' });

export const studySchema = z.strictObject({
  $schema: z.string().optional(),
  model: z.string().min(1).describe('Model file, relative to this file'),
  level: z.enum(LEVELS).default('L1'),
  until: z.number().positive().optional().describe("Run length per replication, model time unit (default: the model's defaultDays)"),
  variables: z.array(variableSchema).min(1),
  objective: z
    .strictObject({
      direction: z.enum(['maximize', 'minimize']),
      kpi: z.string().optional(),
      terms: z.array(termSchema).min(1).optional(),
    })
    .refine((o) => (o.kpi === undefined) !== (o.terms === undefined), { message: 'expected exactly one of kpi or terms' }),
  pareto: z
    .array(
      z
        .strictObject({ kpi: z.string().optional(), variable: z.string().optional(), direction: z.enum(['maximize', 'minimize']) })
        .refine((c) => (c.kpi === undefined) !== (c.variable === undefined), { message: 'expected exactly one of kpi or variable' }),
    )
    .length(2)
    .optional()
    .describe('Two criteria whose trade-off to show: the explored points no other explored point beats on both (search means)'),
  constraints: z
    .array(
      z
        .strictObject({ kpi: z.string(), min: z.number().optional(), max: z.number().optional() })
        .refine((c) => c.min !== undefined || c.max !== undefined, { message: 'expected min or max' }),
    )
    .default([]),
  search: z
    .strictObject({
      evaluations: z.number().int().positive().default(40).describe('Design points the search may evaluate'),
      replications: z.number().int().min(2).default(5).describe('Replications per design point (common random numbers: seeds seed, seed+1, ...)'),
      seed: z.number().int().nonnegative().default(1),
    })
    .prefault({}),
  selection: z.strictObject({
    candidates: z.number().int().positive().default(5).describe('Best feasible points the final selection compares'),
    indifferenceZone: z.number().positive().describe('Objective differences smaller than this are not worth telling apart'),
    confidence: z.number().gt(0).lt(1).default(0.95),
    firstStage: z.number().int().min(2).default(10),
    maxReplications: z.number().int().positive().default(200),
  }),
});

export type Study = z.infer<typeof studySchema>;
export type StudyInput = z.input<typeof studySchema>;

/** A study from the text of its file; errors name the file and the path inside it (ModelFileError). */
export function parseStudy(text: string, file: string): Study {
  const result = studySchema.safeParse(parseJsonText(text, file), { reportInput: true });
  if (!result.success) throw new ModelFileError(file, problemsFromZod(result.error.issues));
  return result.data;
}
