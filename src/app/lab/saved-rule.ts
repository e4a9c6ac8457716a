/** A student's saved dispatching rule, as stored in the browser and carried in share links (validated on the way in). */
import { z } from 'zod';

export const savedRuleSchema = z.strictObject({
  name: z.string().trim().min(1).max(60),
  expression: z.string().min(1).max(500),
  highestFirst: z.boolean(),
});
export type SavedRule = z.infer<typeof savedRuleSchema>;

/** At most this many rules are kept (and carried in a link). */
export const MAX_SAVED_RULES = 50;
export const savedRulesSchema = z.array(savedRuleSchema).max(MAX_SAVED_RULES);
