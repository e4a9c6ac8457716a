/** The id of the 3C plant driven by a student's rule or trained policy (one at a time: a new rule replaces the last). */
export const RULE_PLANT_ID = '3c-machining+rule';
