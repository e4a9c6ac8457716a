/** The three paradigm levels; a plant model says which of them it implements. */
export const LEVELS = ['L1', 'L2', 'L3'] as const;
export type Level = (typeof LEVELS)[number];

export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

/**
 * The level of each capability of a plant (the paper's "parallel promotion"): for example
 * `{ dispatching: 'L3', maintenance: 'L1', energy: 'L2' }`. The presets L1, L2 and L3 set every capability alike.
 */
export type CapabilityLevels = Readonly<Record<string, Level>>;

export function presetLevels(capabilities: readonly string[], level: Level): CapabilityLevels {
  return Object.fromEntries(capabilities.map((c) => [c, level]));
}

/** `dispatching=L3,maintenance=L2` on top of a base preset; unknown capabilities or levels are refused by name. */
export function parseCapabilityLevels(text: string, capabilities: readonly string[], base: Level): CapabilityLevels {
  const result: Record<string, Level> = { ...presetLevels(capabilities, base) };
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, level] = part.split('=').map((s) => s.trim());
    if (!name || !capabilities.includes(name)) {
      throw new RangeError(`unknown capability "${name}"; expected one of ${capabilities.join(', ') || '(none)'}`);
    }
    if (!level || !isLevel(level)) throw new RangeError(`capability ${name}: expected a level L1, L2 or L3, got "${level ?? ''}"`);
    result[name] = level;
  }
  return result;
}
