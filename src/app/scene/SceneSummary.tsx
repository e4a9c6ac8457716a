/**
 * The 3D view's text alternative: a short summary of the plant (name, level, running or paused, how many units are
 * working, idle or down, the clock), rewritten every few seconds, not per frame, and only when it changes. Screen
 * readers find it through the scene's `aria-describedby` and hear changes politely.
 */
import { useEffect, useRef } from 'react';
import { UNIT_STATE_NAMES } from '../../core/runtime/view.ts';
import { formatClock } from '../hud.ts';
import { fill, translate, type Language } from '../i18n.ts';
import { plantName } from '../names.ts';
import { shellTexts } from '../shell-texts.ts';
import { live, useApp } from '../store.ts';

const REFRESH_MS = 3000;

/** The text key of a count's plural form in this language ("1 unit", "2 units"). */
export function plural(language: Language, n: number): 'summary.units.one' | 'summary.units.other' {
  return new Intl.PluralRules(language === 'zh' ? 'zh-CN' : 'en').select(n) === 'one' ? 'summary.units.one' : 'summary.units.other';
}

export function SceneSummary({ id }: { id: string }) {
  const node = useRef<HTMLParagraphElement>(null);
  const loaded = useApp((s) => s.loaded);
  const language = useApp((s) => s.language);
  const running = useApp((s) => s.running);
  useEffect(() => {
    if (!loaded) return;
    const texts = shellTexts[language];
    const write = () => {
      const counts = { busy: 0, idle: 0, down: 0 };
      for (let i = 0; i < live.states.length; i++) {
        const state = UNIT_STATE_NAMES[live.states[i]!] ?? 'idle';
        if (state === 'running' || state === 'setup') counts.busy++;
        else if (state === 'down' || state === 'maintenance') counts.down++;
        else counts.idle++; // idle, starved or blocked
      }
      const text = fill(texts['summary.text'], {
        plant: plantName(language, loaded.modelId, loaded.name),
        level: translate(language, `level.${loaded.level}`),
        state: texts[useApp.getState().running ? 'summary.running' : 'summary.paused'],
        units: fill(texts[plural(language, loaded.units.length)], { n: loaded.units.length }),
        ...counts,
        clock: formatClock(live.time, loaded.unitsPerDay, translate(language, 'day')),
      });
      if (node.current && node.current.textContent !== text) node.current.textContent = text;
    };
    write();
    const timer = setInterval(write, REFRESH_MS);
    return () => clearInterval(timer);
  }, [loaded, language, running]);
  return <p id={id} className="visually-hidden" data-testid="scene-summary" aria-live="polite" ref={node} />;
}
