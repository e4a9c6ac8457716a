/** The header's theme choice: follow the system (default), light or dark. */
import { shellTexts } from './shell-texts.ts';
import { THEMES, useTheme, type Theme } from './theme.ts';
import { useTexts } from './use-t.ts';

export function ThemeSelect() {
  const t = useTexts(shellTexts);
  const theme = useTheme((s) => s.theme);
  return (
    <label className="language">
      {t('theme')}
      <select data-testid="theme-select" value={theme} onChange={(e) => useTheme.setState({ theme: e.target.value as Theme })}>
        {THEMES.map((id) => (
          <option key={id} value={id}>
            {t(`theme.${id}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
