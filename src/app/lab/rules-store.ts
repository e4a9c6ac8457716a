/**
 * The student's named rules: saved in this browser (localStorage), shared in scenario links (`share/open.ts` puts them
 * in the link and merges a link's rules in here), and run in the lab or on the leaderboard.
 */
import { create } from 'zustand';
import { MAX_SAVED_RULES, savedRulesSchema, type SavedRule } from './saved-rule.ts';

const STORAGE_KEY = 'fabtwin:lab-rules';

function stored(): SavedRule[] {
  try {
    const text = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (!text) return [];
    const parsed = savedRulesSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return []; // storage unavailable or damaged: start with none rather than fail the lab
  }
}

export const useSavedRules = create<{ rules: readonly SavedRule[] }>(() => ({ rules: stored() }));

function store(rules: readonly SavedRule[]): void {
  useSavedRules.setState({ rules });
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(rules));
  } catch {
    // private mode or full storage: the rules stay for this visit
  }
}

/** Saves a rule under its name (a rule of the same name is replaced). */
export function saveRule(rule: SavedRule): void {
  const others = useSavedRules.getState().rules.filter((r) => r.name !== rule.name);
  store([...others, rule].slice(-MAX_SAVED_RULES));
}

export function deleteRule(name: string): void {
  store(useSavedRules.getState().rules.filter((r) => r.name !== name));
}

/** Rules from a shared link join the saved ones (a link's rule replaces a saved rule of the same name). */
export function importRules(rules: readonly SavedRule[]): void {
  const names = new Set(rules.map((r) => r.name));
  store([...useSavedRules.getState().rules.filter((r) => !names.has(r.name)), ...rules].slice(-MAX_SAVED_RULES));
}
