/**
 * The newest notable events (failures, repairs, alarms, ...), rewritten by a HUD writer only when the log changes. In
 * Shadow mode at L3 the decisions the twin sent to the plant (`shadowLive.decisions`) are listed among them by time,
 * each with its unit and command, and its reason behind a disclosure (and as the tooltip).
 */
import { useEffect, useRef } from 'react';
import type { PlantEvent, UnitInfo } from '../../core/runtime/view.ts';
import type { Decision } from '../../node/twin/twin.ts';
import { shadowLive } from '../connect/shadow-state.ts';
import { shadowTexts } from '../connect/shadow-texts.ts';
import { formatClock, registerHudWriter } from '../hud.ts';
import { translate, type Language, type TextKey } from '../i18n.ts';
import { unitName } from '../names.ts';
import { live, useApp } from '../store.ts';

export function EventLog({ units, unitsPerDay, language }: { units: readonly UnitInfo[]; unitsPerDay: number; language: Language }) {
  const list = useRef<HTMLOListElement>(null);
  const modelId = useApp((s) => s.loaded?.modelId);
  useEffect(() => {
    let shown: readonly unknown[] | undefined;
    let shownDecisions: readonly unknown[] | undefined;
    // A decision keeps its item across rewrites, so a reason opened stays open while events arrive.
    const decisionItems = new WeakMap<Decision, HTMLLIElement>();
    const day = translate(language, 'day');
    const nameOf = (unit: UnitInfo | undefined, fallback: string) => (unit ? unitName(language, modelId, unit) : fallback);
    const eventItem = (event: PlantEvent) => {
      const item = document.createElement('li');
      item.dataset.kind = event.kind;
      item.dataset.time = String(event.time);
      item.textContent = `${formatClock(event.time, unitsPerDay, day)}  ${nameOf(units[event.unit], '?')}: ${translate(language, `event.${event.kind}` as TextKey)}`;
      return item;
    };
    const decisionItem = (decision: Decision) => {
      const known = decisionItems.get(decision);
      if (known) return known;
      const item = document.createElement('li');
      item.dataset.kind = 'twin-decision';
      item.dataset.time = String(decision.at);
      item.dataset.unit = decision.unit;
      item.title = decision.reason;
      const details = document.createElement('details');
      const summary = document.createElement('summary');
      summary.append(
        `${formatClock(decision.at, unitsPerDay, day)}  ${nameOf(
          units.find((u) => u.id === decision.unit),
          decision.unit,
        )}: ${shadowTexts[language].logSent} `,
      );
      const command = document.createElement('code');
      command.textContent = decision.command;
      summary.append(command);
      const reason = document.createElement('p');
      reason.className = 'event-reason';
      reason.textContent = `${shadowTexts[language].logReason}: ${decision.reason}`;
      details.append(summary, reason);
      item.append(details);
      decisionItems.set(decision, item);
      return item;
    };
    return registerHudWriter(() => {
      const node = list.current;
      if (!node || (live.log === shown && shadowLive.decisions === shownDecisions)) return;
      shown = live.log;
      shownDecisions = shadowLive.decisions;
      const items: HTMLLIElement[] = [];
      // Newest first: both lists are oldest first, so they merge from their ends.
      let e = live.log.length - 1;
      let d = shadowLive.decisions.length - 1;
      while (e >= 0 || d >= 0) {
        if (d < 0 || (e >= 0 && live.log[e]!.time >= shadowLive.decisions[d]!.at)) items.push(eventItem(live.log[e--]!));
        else items.push(decisionItem(shadowLive.decisions[d--]!));
      }
      node.replaceChildren(...items);
    });
  }, [units, unitsPerDay, language, modelId]);
  return <ol className="event-log" data-testid="event-log" ref={list} />;
}
