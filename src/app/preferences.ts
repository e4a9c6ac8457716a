/**
 * What the app remembers across reloads in localStorage: the last plant, level, view, language and theme. Read back
 * field by field and checked against what this build offers; anything unknown or malformed is ignored (the default
 * stays), so an old or hand-edited entry can never stop the app from opening.
 */
import { LEVELS, type Level } from '../core/experiment/levels.ts';
import { catalogNames } from './engine/catalog-index.ts';
import { LANGUAGES, type Language } from './i18n.ts';
import { useApp, VIEW_IDS, type ViewId } from './store.ts';
import { THEMES, useTheme, type Theme } from './theme.ts';

export const PREFERENCES_KEY = 'fabtwin.preferences.v1';

export interface Preferences {
  modelId: string;
  level: Level;
  view: ViewId;
  language: Language;
  theme: Theme;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The valid fields of a stored entry (the raw string from localStorage, or null). */
export function parsePreferences(raw: string | null, modelIds: readonly string[] = catalogNames.map((c) => c.id)): Partial<Preferences> {
  if (raw === null) return {};
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
  const record = data as Record<string, unknown>;
  const found: Partial<Preferences> = {
    modelId: oneOf(record.modelId, modelIds),
    level: oneOf(record.level, LEVELS),
    view: oneOf(record.view, VIEW_IDS),
    language: oneOf(record.language, Object.keys(LANGUAGES) as Language[]),
    theme: oneOf(record.theme, THEMES),
  };
  return Object.fromEntries(Object.entries(found).filter(([, value]) => value !== undefined)) as Partial<Preferences>;
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage disabled (privacy settings): nothing is remembered
  }
}

/** Applies the stored preferences to the stores, then keeps the entry up to date. Call once, before the first render. */
export function restoreAndRememberPreferences(): void {
  const store = storage();
  if (!store) return;
  const { theme, ...app } = parsePreferences(store.getItem(PREFERENCES_KEY));
  useApp.setState(app);
  if (theme) useTheme.setState({ theme });
  let last = '';
  const save = () => {
    const { modelId, level, view, language, custom } = useApp.getState();
    const previous = parsePreferences(store.getItem(PREFERENCES_KEY));
    // A custom model (editor, imported file, shared link) is not remembered: the last catalog plant stays.
    const entry: Partial<Preferences> = custom?.id === modelId ? { ...previous, view, language } : { modelId, level, view, language };
    entry.theme = useTheme.getState().theme;
    const text = JSON.stringify(entry);
    if (text === last) return;
    last = text;
    try {
      store.setItem(PREFERENCES_KEY, text);
    } catch {
      // quota or privacy mode: not remembered this time
    }
  };
  useApp.subscribe(save);
  useTheme.subscribe(save);
}
