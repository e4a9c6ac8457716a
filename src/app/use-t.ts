import { translate, type TextKey } from './i18n.ts';
import { useApp } from './store.ts';

/** The text function for the current language; components re-render when the language changes. */
export function useT(): (key: TextKey) => string {
  const language = useApp((s) => s.language);
  return (key) => translate(language, key);
}
