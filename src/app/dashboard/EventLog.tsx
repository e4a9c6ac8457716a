/** The newest notable events (failures, repairs, alarms, ...), rewritten by a HUD writer only when the log changes. */
import { useEffect, useRef } from 'react';
import type { UnitInfo } from '../../core/runtime/view.ts';
import { formatClock, registerHudWriter } from '../hud.ts';
import { translate, type Language, type TextKey } from '../i18n.ts';
import { unitName } from '../names.ts';
import { live, useApp } from '../store.ts';

export function EventLog({ units, unitsPerDay, language }: { units: readonly UnitInfo[]; unitsPerDay: number; language: Language }) {
  const list = useRef<HTMLOListElement>(null);
  const modelId = useApp((s) => s.loaded?.modelId);
  useEffect(() => {
    let shown: readonly unknown[] | undefined;
    return registerHudWriter(() => {
      const node = list.current;
      if (!node || live.log === shown) return;
      shown = live.log;
      const day = translate(language, 'day');
      node.replaceChildren(
        ...[...live.log].reverse().map((event) => {
          const item = document.createElement('li');
          item.dataset.kind = event.kind;
          item.dataset.time = String(event.time);
          item.textContent = `${formatClock(event.time, unitsPerDay, day)}  ${units[event.unit] ? unitName(language, modelId, units[event.unit]!) : '?'}: ${translate(language, `event.${event.kind}` as TextKey)}`;
          return item;
        }),
      );
    });
  }, [units, unitsPerDay, language, modelId]);
  return <ol className="event-log" data-testid="event-log" ref={list} />;
}
