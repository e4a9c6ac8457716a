/**
 * The line's AGV fleet (shown with the line settings when nothing is selected): whether AGV routes wait for vehicles,
 * and how many, how fast, how long they take to load and unload, by which rule they are dispatched, and optionally
 * their battery (working time on a full charge, time to charge from empty, the charge below which a freed vehicle goes
 * to charge, and the charger's station). Each field is checked by the model's own fleet schema, with its message under
 * the field; the fleet is committed (one undo step) when a field is left, and only when every field is valid.
 */
import { useState } from 'react';
import { problemsFromZod } from '../../../core/model/errors.ts';
import { fleetSchema } from '../../../core/model/flow-model.ts';
import { chargerStations, EDITOR_FLEET_ID, setFleet, type FleetSettings } from '../document.ts';
import { commit, currentDocument, useEditor } from '../store.ts';
import { editorTexts } from '../texts.ts';
import { fill } from '../../i18n.ts';
import { useTexts } from '../../use-t.ts';
import { fleetTexts } from './texts.ts';

const NUMBER_FIELDS = ['vehicles', 'speed', 'loadTime', 'unloadTime'] as const;
const BATTERY_FIELDS = ['capacity', 'chargeTime', 'threshold'] as const;
/** A battery's fields when one is first switched on: a shift's work on a charge, an hour to charge (minutes). */
const DEFAULT_BATTERY = { capacity: 480, chargeTime: 60, threshold: 0.25 };

const numberOrMissing = (text: string | undefined) => (text === undefined || text.trim() === '' ? undefined : Number(text));

export function FleetPanel() {
  const t = useTexts(fleetTexts);
  const te = useTexts(editorTexts);
  const doc = useEditor((s) => s.history.present);
  const unit = te(`unit.${doc.timeUnit}`);
  const hasRoutes = doc.links.some((l) => l.kind === 'agv');
  const current: FleetSettings = doc.fleet ?? { vehicles: 1, speed: 60, loadTime: 0.5, unloadTime: 0.5, dispatching: 'nearest' };
  const chargers = chargerStations(doc);
  const [draft, setDraft] = useState<Record<string, string>>(() => ({
    ...Object.fromEntries(NUMBER_FIELDS.map((k) => [k, String(current[k])])),
    ...Object.fromEntries(BATTERY_FIELDS.map((k) => [`battery.${k}`, String(current.battery?.[k] ?? DEFAULT_BATTERY[k])])),
  }));
  const batteryDraft = (charger: string) => ({
    ...Object.fromEntries(BATTERY_FIELDS.map((k) => [k, numberOrMissing(draft[`battery.${k}`])])),
    charger,
  });
  const candidate = {
    id: EDITOR_FLEET_ID,
    dispatching: current.dispatching,
    ...Object.fromEntries(NUMBER_FIELDS.map((k) => [k, numberOrMissing(draft[k])])),
    ...(current.battery ? { battery: batteryDraft(current.battery.charger) } : {}),
  };
  const parsed = fleetSchema.safeParse(candidate);
  const errors = new Map(parsed.success ? [] : problemsFromZod(parsed.error.issues).map((p) => [p.path, p.message] as const));
  /** Commits the fields with a change of rule or battery; nothing while a field is invalid (its message shows why). */
  const save = (change: { dispatching?: FleetSettings['dispatching']; battery?: { charger: string } | null } = {}) => {
    const dispatching = change.dispatching ?? current.dispatching;
    const charger = change.battery === null ? undefined : (change.battery?.charger ?? current.battery?.charger);
    const { battery: _battery, ...rest } = candidate;
    const checked = fleetSchema.safeParse({ ...rest, dispatching, ...(charger !== undefined ? { battery: batteryDraft(charger) } : {}) });
    if (!checked.success || !doc.fleet) return;
    const { vehicles, speed, loadTime, unloadTime, battery } = checked.data;
    commit(setFleet(currentDocument(), { vehicles, speed, loadTime, unloadTime, dispatching, ...(battery ? { battery: { ...battery } } : {}) }));
  };
  const field = (key: string, label: string) => (
    <label key={key} className="editor-field" data-invalid={errors.has(key)}>
      <span>{label}</span>
      <input
        data-testid={`fleet-${key.replace('.', '-')}`}
        value={draft[key]}
        aria-invalid={errors.has(key)}
        onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
        onBlur={() => save()}
        onKeyDown={(e) => e.key === 'Enter' && save()}
      />
      {errors.has(key) && (
        <span className="editor-field-error" role="alert" data-testid={`fleet-${key.replace('.', '-')}-error`}>
          {errors.get(key)}
        </span>
      )}
    </label>
  );
  if (!hasRoutes) return <p className="hint">{t('noRoutes')}</p>;
  return (
    <div className="editor-panel-body" data-testid="editor-fleet">
      <h4>{t('title')}</h4>
      <label className="editor-field">
        <span>
          <input
            type="checkbox"
            data-testid="fleet-enabled"
            checked={doc.fleet !== undefined}
            onChange={(e) => commit(setFleet(currentDocument(), e.target.checked && parsed.success ? current : undefined))}
          />{' '}
          {t('enabled')}
        </span>
      </label>
      {doc.fleet !== undefined && (
        <>
          {NUMBER_FIELDS.map((k) => field(k, fill(t(k), { unit })))}
          <label className="editor-field">
            <span>{t('dispatching')}</span>
            <select
              data-testid="fleet-dispatching"
              value={current.dispatching}
              onChange={(e) => save({ dispatching: e.target.value as FleetSettings['dispatching'] })}
            >
              <option value="nearest">{t('dispatching.nearest')}</option>
              <option value="fcfs">{t('dispatching.fcfs')}</option>
            </select>
          </label>
          <label className="editor-field">
            <span>
              <input
                type="checkbox"
                data-testid="fleet-battery"
                checked={current.battery !== undefined}
                disabled={chargers.length === 0}
                onChange={(e) => save({ battery: e.target.checked ? { charger: chargers[0]! } : null })}
              />{' '}
              {t('battery')}
            </span>
          </label>
          {current.battery !== undefined && (
            <>
              {BATTERY_FIELDS.map((k) => field(`battery.${k}`, fill(t(`battery.${k}`), { unit })))}
              <label className="editor-field" data-invalid={!chargers.includes(current.battery.charger)}>
                <span>{t('battery.charger')}</span>
                <select data-testid="fleet-battery-charger" value={current.battery.charger} onChange={(e) => save({ battery: { charger: e.target.value } })}>
                  {[...new Set([...chargers, current.battery.charger])].map((id) => (
                    <option key={id} value={id}>
                      {id}
                    </option>
                  ))}
                </select>
                {!chargers.includes(current.battery.charger) && (
                  <span className="editor-field-error" role="alert" data-testid="fleet-battery-charger-error">
                    {fill(te('problem.chargerOffRoute'), { units: current.battery.charger })}
                  </span>
                )}
              </label>
            </>
          )}
        </>
      )}
      <p className="hint">{t('hint')}</p>
    </div>
  );
}
