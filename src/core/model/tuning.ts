/**
 * The `tuning` section of a plant model file: for each level, how its decision parameters were tuned (provenance). The
 * tuned values themselves live at their own paths in the file (the parameter a level reads), so a tuned file runs like
 * any other; this section says where they came from and lets anyone run the same command again and get the same values.
 * Date-free on purpose: the file stays reproducible. See docs/tuning.md.
 */
import { z } from 'zod';

const estimateSchema = z.strictObject({ mean: z.number(), ci95: z.number() });

export const tuningProvenanceSchema = z.strictObject({
  command: z.string().describe('The command that produced these values, to run again'),
  objective: z.string().describe('What was optimised, and under which constraints'),
  algorithm: z.string().describe('The search procedure'),
  budget: z.number().int().positive().describe('Candidate evaluations allowed (the same for every level)'),
  evaluations: z.number().int().nonnegative().describe('Candidate evaluations used'),
  days: z.number().positive().describe('Run length of each replication, days'),
  trainingSeeds: z.array(z.number().int()).min(1).describe('Seeds the search compared candidates on (common random numbers)'),
  evaluationSeeds: z.array(z.number().int()).min(1).describe('Distinct seeds the result was checked on'),
  start: z.record(z.string(), z.number()).describe('Parameter values before tuning, by path'),
  values: z.record(z.string(), z.number()).describe('Tuned values, by path (also written at those paths)'),
  evaluation: z
    .strictObject({
      kpi: z.string(),
      start: estimateSchema,
      tuned: estimateSchema,
      changePercent: estimateSchema.describe('Paired per-seed change, tuned against start'),
      constraints: z
        .array(
          z.strictObject({
            constraint: z.string().describe('The constraint, as its mean must meet it'),
            start: estimateSchema,
            tuned: estimateSchema,
            met: z.boolean().describe('Whether the tuned mean meets it on the evaluation seeds'),
          }),
        )
        .optional()
        .describe("Each constraint's KPI on the evaluation seeds, start against tuned"),
    })
    .describe('The objective KPI on the evaluation seeds, start against tuned, and the constraints'),
});

export const tuningSectionSchema = z
  .strictObject({ L1: tuningProvenanceSchema.optional(), L2: tuningProvenanceSchema.optional(), L3: tuningProvenanceSchema.optional() })
  .describe('Provenance of the tuned decision parameters of each level (npm run tune); see docs/tuning.md');

export type TuningProvenance = z.infer<typeof tuningProvenanceSchema>;
