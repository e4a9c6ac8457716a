/**
 * Light or dark colours, or follow the system's setting. The choice is `data-theme` on the root element; the
 * colours are CSS custom properties in `styles.css` (`--bg`, `--text`, ...), and the 3D view reads its few colours
 * from `sceneColors`.
 */
import { create } from 'zustand';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const useTheme = create<{ theme: Theme; system: 'light' | 'dark' }>(() => ({
  theme: 'system',
  system: typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark',
}));

/** The colours in use: the chosen theme, or the system's for `system`. */
export function useResolvedTheme(): 'light' | 'dark' {
  return useTheme((s) => (s.theme === 'system' ? s.system : s.theme));
}

/** The 3D view's background and floor per theme. */
export const SCENE_COLORS = {
  dark: { background: '#1d2127', floor: '#2b3038' },
  light: { background: '#e9edf2', floor: '#c9d0d9' },
} as const;

/** Keeps `data-theme` on <html> in step with the choice and the system's setting. Call once at start. */
export function applyTheme(): void {
  if (typeof document === 'undefined') return;
  const media = typeof matchMedia === 'undefined' ? undefined : matchMedia('(prefers-color-scheme: light)');
  media?.addEventListener('change', (event) => useTheme.setState({ system: event.matches ? 'light' : 'dark' }));
  const write = () => {
    const { theme, system } = useTheme.getState();
    document.documentElement.dataset.theme = theme === 'system' ? system : theme;
    document.documentElement.dataset.themeChoice = theme;
  };
  write();
  useTheme.subscribe(write);
}
