/**
 * The line's AGV fleet (shown with the line settings when nothing is selected): whether AGV routes wait for vehicles,
 * and how many, how fast, how long they take to load and unload, and by which rule they are dispatched. Each field is
 * checked by the model's own fleet schema; the fleet is committed (one undo step) when a field is left.
 */
import { useState } from 'react';
import { problemsFromZod } from '../../../core/model/errors.ts';
import { fleetSchema } from '../../../core/model/flow-model.ts';
import { EDITOR_FLEET_ID, setFleet, type FleetSettings } from '../document.ts';
import { commit, currentDocument, useEditor } from '../store.ts';
import { editorTexts } from '../texts.ts';
import { fill } from '../../i18n.ts';
import { useTexts } from '../../use-t.ts';
import { fleetTexts } from './texts.ts';

const NUMBER_FIELDS = ['vehicles', 'speed', 'loadTime', 'unloadTime'] as const;

export function FleetPanel() {
  const t = useTexts(fleetTexts);
  const te = useTexts(editorTexts);
  const doc = useEditor((s) => s.history.present);
  const unit = te(`unit.${doc.timeUnit}`);
  const hasRoutes = doc.links.some((l) => l.kind === 'agv');
  const current: FleetSettings = doc.fleet ?? { vehicles: 1, speed: 60, loadTime: 0.5, unloadTime: 0.5, dispatching: 'nearest' };
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(NUMBER_FIELDS.map((k) => [k, String(current[k])])));
  const candidate = { id: EDITOR_FLEET_ID, dispatching: current.dispatching, ...Object.fromEntries(NUMBER_FIELDS.map((k) => [k, draft[k]!.trim() === '' ? undefined : Number(draft[k])])) };
  const parsed = fleetSchema.safeParse(candidate);
  const errors = new Map(parsed.success ? [] : problemsFromZod(parsed.error.issues).map((p) => [p.path, p.message] as const));
  const save = (dispatching = current.dispatching) => {
    const checked = fleetSchema.safeParse({ ...candidate, dispatching });
    if (!checked.success || !doc.fleet) return;
    const { vehicles, speed, loadTime, unloadTime } = checked.data;
    commit(setFleet(currentDocument(), { vehicles, speed, loadTime, unloadTime, dispatching }));
  };
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
          {NUMBER_FIELDS.map((k) => (
            <label key={k} className="editor-field" data-invalid={errors.has(k)}>
              <span>{fill(t(k), { unit })}</span>
              <input
                data-testid={`fleet-${k}`}
                value={draft[k]}
                aria-invalid={errors.has(k)}
                onChange={(e) => setDraft((d) => ({ ...d, [k]: e.target.value }))}
                onBlur={() => save()}
                onKeyDown={(e) => e.key === 'Enter' && save()}
              />
              {errors.has(k) && (
                <span className="editor-field-error" role="alert">
                  {errors.get(k)}
                </span>
              )}
            </label>
          ))}
          <label className="editor-field">
            <span>{t('dispatching')}</span>
            <select data-testid="fleet-dispatching" value={current.dispatching} onChange={(e) => save(e.target.value as FleetSettings['dispatching'])}>
              <option value="nearest">{t('dispatching.nearest')}</option>
              <option value="fcfs">{t('dispatching.fcfs')}</option>
            </select>
          </label>
        </>
      )}
      <p className="hint">{t('hint')}</p>
    </div>
  );
}
