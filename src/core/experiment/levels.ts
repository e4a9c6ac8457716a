/** The three paradigm levels; a plant model says which of them it implements. */
export const LEVELS = ['L1', 'L2', 'L3'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_NAMES: Readonly<Record<Level, string>> = {
  L1: 'digital',
  L2: 'digital-networked',
  L3: 'new-generation intelligent',
};

export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}
