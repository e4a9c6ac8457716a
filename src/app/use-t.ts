import { translate, type TextKey, type TextTable } from './i18n.ts';
import { useApp } from './store.ts';

/** The text function for the current language; components re-render when the language changes. */
export function useT(): (key: TextKey) => string {
  const language = useApp((s) => s.language);
  return (key) => translate(language, key);
}

/** The text function of a feature's own table (`defineTexts`), in the current language. */
export function useTexts<K extends string>(table: TextTable<K>): (key: K) => string {
  const language = useApp((s) => s.language);
  return (key) => table[language][key];
}
