/**
 * The side panel: the selected unit's or link's parameters. Each field is validated as it is typed by the model's own zod
 * schema (the station or source schema of the flow model, the conveyor schema), and an error is shown at its field; the
 * value is committed (one undo step) when the field is left or Enter is pressed, and only if the whole item is valid.
 */
import { useState, type KeyboardEvent } from 'react';
import type { z } from 'zod';
import { problemsFromZod } from '../../core/model/errors.ts';
import { conveyorSchema, maintenanceSchema, sourceSchema, stationSchema } from '../../core/model/flow-model.ts';
import {
  editLink,
  editParams,
  linkLength,
  renameUnit,
  roleOf,
  setPatrolInterval,
  transportTime,
  type EditorLink,
  type EditorUnit,
  type LinkKind,
} from './document.ts';
import { commit, currentDocument, useEditor } from './store.ts';
import { editorTexts, type EditorTextKey } from './texts.ts';
import { fill } from '../i18n.ts';
import { useApp } from '../store.ts';
import { useTexts } from '../use-t.ts';
import { FitFromData } from './fit/FitDialog.tsx';
import { FleetPanel } from './fleet/FleetPanel.tsx';

const DIST_PARAMS: Record<string, readonly string[]> = {
  constant: ['value'],
  exponential: ['mean'],
  uniform: ['min', 'max'],
  normal: ['mean', 'sd'],
  lognormal: ['mean', 'sd'],
  weibull: ['shape', 'scale'],
  gamma: ['shape', 'scale'],
  triangular: ['min', 'mode', 'max'],
  empirical: ['values', 'weights'],
};

type Draft = Record<string, string>;

/** The texts with the document's time unit filled in (`Service time (min)`). */
function useUnitTexts(): (key: EditorTextKey) => string {
  const t = useTexts(editorTexts);
  const unit = useEditor((s) => s.history.present.timeUnit);
  return (key) => fill(t(key), { unit: t(`unit.${unit}`) });
}

/** A number typed in a field: empty is "not given"; anything else goes to the schema as typed (NaN is refused there). */
function numberOrNothing(text: string | undefined): number | undefined {
  return text === undefined || text.trim() === '' ? undefined : Number(text);
}

function draftOfDistribution(prefix: string, spec: Record<string, unknown>, draft: Draft): void {
  draft[`${prefix}.dist`] = String(spec.dist);
  for (const [key, value] of Object.entries(spec)) {
    if (key !== 'dist') draft[`${prefix}.${key}`] = Array.isArray(value) ? value.join(', ') : String(value);
  }
}

function distributionOfDraft(prefix: string, draft: Draft): Record<string, unknown> {
  const dist = draft[`${prefix}.dist`] ?? 'constant';
  const spec: Record<string, unknown> = { dist };
  for (const name of DIST_PARAMS[dist] ?? []) {
    const text = draft[`${prefix}.${name}`];
    if (dist === 'empirical') {
      if (text !== undefined && text.trim() !== '') spec[name] = text.split(',').map((part) => Number(part));
    } else spec[name] = numberOrNothing(text);
  }
  return spec;
}

function draftOf(unit: EditorUnit): Draft {
  const draft: Draft = {};
  const params = unit.params as Record<string, unknown>;
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && typeof value === 'object') draftOfDistribution(key, value as Record<string, unknown>, draft);
    else draft[key] = value === null || value === undefined ? '' : String(value);
  }
  return draft;
}

/** The unit's parameters as the draft says, and the schema's verdict on them (errors by field path). */
function candidate(unit: EditorUnit, draft: Draft): { params: EditorUnit['params']; errors: Map<string, string> } {
  const role = roleOf(unit.kind);
  let params: Record<string, unknown>;
  let schema: z.ZodType;
  if (role === 'station') {
    params = {
      servers: numberOrNothing(draft.servers),
      serviceTime: distributionOfDraft('serviceTime', draft),
      bufferCapacity: numberOrNothing(draft.bufferCapacity) ?? null,
      mtbf: numberOrNothing(draft.mtbf),
      mttr: numberOrNothing(draft.mttr),
      wearShape: numberOrNothing(draft.wearShape),
      pmTime: numberOrNothing(draft.pmTime),
    };
    schema = stationSchema;
  } else if (role === 'source') {
    params = {
      interarrival: distributionOfDraft('interarrival', draft),
      limit: numberOrNothing(draft.limit),
      onBlocked: draft.onBlocked ?? 'wait',
    };
    schema = sourceSchema;
  } else return { params: {}, errors: new Map() };
  for (const key of Object.keys(params)) if (params[key] === undefined) delete params[key];
  // The source's routing is left out: the editor derives it from the links (the model checks "routing or mix").
  const result = schema.safeParse({ id: unit.id, ...params }, { reportInput: true });
  const errors = new Map<string, string>();
  if (!result.success) for (const p of problemsFromZod(result.error.issues)) if (!errors.has(p.path)) errors.set(p.path, p.message);
  return { params: params as EditorUnit['params'], errors };
}

function Field({
  label,
  path,
  draft,
  errors,
  onChange,
  onCommit,
  placeholder,
}: {
  label: string;
  path: string;
  draft: Draft;
  errors: Map<string, string>;
  onChange: (path: string, value: string) => void;
  onCommit: () => void;
  placeholder?: string;
}) {
  const t = useTexts(editorTexts);
  const error = errors.get(path);
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') onCommit();
  };
  return (
    <label className="editor-field" data-invalid={error !== undefined}>
      <span>{label}</span>
      <input
        data-testid={`field-${path}`}
        value={draft[path] ?? ''}
        placeholder={placeholder}
        aria-invalid={error !== undefined}
        onChange={(e) => onChange(path, e.target.value)}
        onBlur={onCommit}
        onKeyDown={onKey}
      />
      {error !== undefined && (
        <span className="editor-field-error" role="alert" data-testid={`field-error-${path}`}>
          {error} · {t('invalidField')}
        </span>
      )}
    </label>
  );
}

function DistributionFields({
  prefix,
  label,
  draft,
  errors,
  onChange,
  onCommit,
}: {
  prefix: string;
  label: string;
  draft: Draft;
  errors: Map<string, string>;
  onChange: (path: string, value: string) => void;
  onCommit: (next?: Draft) => void;
}) {
  const t = useTexts(editorTexts);
  const dist = draft[`${prefix}.dist`] ?? 'constant';
  return (
    <fieldset className="editor-distribution">
      <legend>{label}</legend>
      <label className="editor-field">
        <span>{t('distribution')}</span>
        <select
          data-testid={`field-${prefix}.dist`}
          value={dist}
          onChange={(e) => {
            // Keep the mean where the new distribution has one, so switching does not lose the figure typed.
            const mean = draft[`${prefix}.mean`] ?? draft[`${prefix}.value`] ?? '1';
            const next: Draft = { ...draft, [`${prefix}.dist`]: e.target.value };
            for (const name of DIST_PARAMS[e.target.value] ?? []) {
              if (next[`${prefix}.${name}`] === undefined)
                next[`${prefix}.${name}`] =
                  name === 'value' || name === 'mean' || name === 'scale' || name === 'mode' || name === 'max'
                    ? mean
                    : name === 'min'
                      ? '0'
                      : name === 'values'
                        ? mean
                        : name === 'weights'
                          ? ''
                          : '1';
            }
            onCommit(next);
          }}
        >
          {Object.keys(DIST_PARAMS).map((d) => (
            <option key={d} value={d}>
              {t(`dist.${d}` as EditorTextKey)}
            </option>
          ))}
        </select>
      </label>
      {(DIST_PARAMS[dist] ?? []).map((name) => (
        <Field
          key={name}
          label={t(`param.${name}` as EditorTextKey)}
          path={`${prefix}.${name}`}
          draft={draft}
          errors={errors}
          onChange={onChange}
          onCommit={() => onCommit()}
        />
      ))}
    </fieldset>
  );
}

function UnitPanel({ unit }: { unit: EditorUnit }) {
  const t = useUnitTexts();
  const [draft, setDraft] = useState<Draft>(() => draftOf(unit));
  const [name, setName] = useState(unit.name ?? '');
  const { errors } = candidate(unit, draft);
  const role = roleOf(unit.kind);

  const change = (path: string, value: string) => setDraft((d) => ({ ...d, [path]: value }));
  const commitDraft = (next: Draft = draft) => {
    setDraft(next);
    const checked = candidate(unit, next);
    if (checked.errors.size > 0) return;
    // Drop the fields whose distribution was switched away, so only the chosen one's parameters are saved.
    if (JSON.stringify(checked.params) !== JSON.stringify(unit.params)) commit(editParams(currentDocument(), unit.id, checked.params));
  };
  const common = { draft, errors, onChange: change, onCommit: () => commitDraft() };
  const otherErrors = [...errors].filter(([path]) => path !== '' && draft[path] === undefined && !path.includes('.'));

  return (
    <div className="editor-panel-body" data-testid="editor-properties">
      <dl className="editor-facts">
        <dt>{t('id')}</dt>
        <dd>{unit.id}</dd>
        <dt>{t('kind')}</dt>
        <dd>{t(`kind.${unit.kind}`)}</dd>
      </dl>
      <label className="editor-field">
        <span>{t('name')}</span>
        <input
          data-testid="field-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => {
            if (name.trim() !== (unit.name ?? '')) commit(renameUnit(currentDocument(), unit.id, name));
          }}
        />
      </label>
      {role === 'station' && (
        <>
          <Field label={t('servers')} path="servers" {...common} />
          <DistributionFields prefix="serviceTime" label={t('serviceTime')} draft={draft} errors={errors} onChange={change} onCommit={commitDraft} />
          <Field label={t('bufferCapacity')} path="bufferCapacity" {...common} />
          <Field label={t('mtbf')} path="mtbf" {...common} />
          <Field label={t('mttr')} path="mttr" {...common} />
          <Field label={t('wearShape')} path="wearShape" {...common} />
          <Field label={t('pmTime')} path="pmTime" {...common} />
        </>
      )}
      {role === 'source' && (
        <>
          <DistributionFields prefix="interarrival" label={t('interarrival')} draft={draft} errors={errors} onChange={change} onCommit={commitDraft} />
          <Field label={t('limit')} path="limit" {...common} />
          <label className="editor-field">
            <span>{t('onBlocked')}</span>
            <select data-testid="field-onBlocked" value={draft.onBlocked ?? 'wait'} onChange={(e) => commitDraft({ ...draft, onBlocked: e.target.value })}>
              <option value="wait">{t('onBlocked.wait')}</option>
              <option value="drop">{t('onBlocked.drop')}</option>
            </select>
          </label>
        </>
      )}
      {otherErrors.map(([path, message]) => (
        <p key={path} className="editor-field-error" role="alert">
          {path}: {message}
        </p>
      ))}
    </div>
  );
}

function LinkPanel({ link }: { link: EditorLink }) {
  const t = useUnitTexts();
  const doc = useEditor((s) => s.history.present);
  const [speed, setSpeed] = useState(String(link.speed));
  const from = doc.units.find((u) => u.id === link.from);
  const to = doc.units.find((u) => u.id === link.to);
  const between = from && to && roleOf(from.kind) === 'station' && roleOf(to.kind) === 'station';
  const parsed = conveyorSchema.shape.speed.safeParse(speed.trim() === '' ? undefined : Number(speed));
  const error = parsed.success ? undefined : problemsFromZod(parsed.error.issues)[0]?.message;
  const save = () => {
    if (parsed.success && parsed.data !== link.speed) commit(editLink(currentDocument(), link.id, { speed: parsed.data }));
  };
  const time = transportTime(doc, link);
  return (
    <div className="editor-panel-body" data-testid="editor-properties">
      <dl className="editor-facts">
        <dt>{t('id')}</dt>
        <dd>{link.id}</dd>
        <dt>{t('from')}</dt>
        <dd>{from?.name ?? link.from}</dd>
        <dt>{t('to')}</dt>
        <dd>{to?.name ?? link.to}</dd>
      </dl>
      {between ? (
        <>
          <label className="editor-field">
            <span>{t('linkKind')}</span>
            <select
              data-testid="field-link-kind"
              value={link.kind}
              onChange={(e) => commit(editLink(currentDocument(), link.id, { kind: e.target.value as LinkKind }))}
            >
              <option value="conveyor">{t('link.conveyor')}</option>
              <option value="agv">{t('link.agv')}</option>
              <option value="direct">{t('link.direct')}</option>
            </select>
          </label>
          {link.kind !== 'direct' && (
            <>
              <dl className="editor-facts">
                <dt>{t('length')}</dt>
                <dd data-testid="link-length">{linkLength(doc, link).toFixed(2)}</dd>
                <dt>{t('transportTime')}</dt>
                <dd data-testid="link-transport-time">
                  {time.toFixed(2)} {t(`unit.${doc.timeUnit}`)}
                </dd>
              </dl>
              <label className="editor-field" data-invalid={error !== undefined}>
                <span>{t('speed')}</span>
                <input
                  data-testid="field-speed"
                  value={speed}
                  aria-invalid={error !== undefined}
                  onChange={(e) => setSpeed(e.target.value)}
                  onBlur={save}
                  onKeyDown={(e) => e.key === 'Enter' && save()}
                />
                {error !== undefined && (
                  <span className="editor-field-error" role="alert" data-testid="field-error-speed">
                    {error} · {t('invalidField')}
                  </span>
                )}
              </label>
            </>
          )}
        </>
      ) : (
        <p className="hint">{t('noTransport')}</p>
      )}
    </div>
  );
}

/** Settings of the whole line (shown when nothing is selected): the operator patrol that gives it levels L1 and L2. */
function LineSettings() {
  const t = useUnitTexts();
  const doc = useEditor((s) => s.history.present);
  const [text, setText] = useState(doc.maintenance ? String(doc.maintenance.patrolInterval) : '');
  const parsed = text.trim() === '' ? undefined : maintenanceSchema.shape.patrolInterval.safeParse(Number(text));
  const error = parsed && !parsed.success ? problemsFromZod(parsed.error.issues)[0]?.message : undefined;
  const save = () => {
    if (parsed === undefined) commit(setPatrolInterval(currentDocument(), undefined));
    else if (parsed.success) commit(setPatrolInterval(currentDocument(), parsed.data));
  };
  return (
    <div className="editor-panel-body" data-testid="editor-line-settings">
      <h4>{t('lineSettings')}</h4>
      <label className="editor-field" data-invalid={error !== undefined}>
        <span>{t('patrolInterval')}</span>
        <input
          data-testid="field-patrolInterval"
          value={text}
          aria-invalid={error !== undefined}
          onChange={(e) => setText(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => e.key === 'Enter' && save()}
        />
        {error !== undefined && (
          <span className="editor-field-error" role="alert" data-testid="field-error-patrolInterval">
            {error} · {t('invalidField')}
          </span>
        )}
      </label>
      <p className="hint">{t('patrolHint')}</p>
    </div>
  );
}

export function ParamPanel() {
  const t = useTexts(editorTexts);
  const language = useApp((s) => s.language);
  const doc = useEditor((s) => s.history.present);
  const selection = useEditor((s) => s.selection);
  let body;
  if (selection.length === 0) {
    body = (
      <>
        <p className="hint">{t('nothingSelected')}</p>
        {!doc.plant && <LineSettings key={String(doc.maintenance?.patrolInterval)} />}
        {!doc.plant && <FleetPanel key={JSON.stringify(doc.fleet ?? null)} />}
      </>
    );
  } else if (selection.length > 1) body = <p className="hint">{fill(t('manySelected'), { count: selection.length })}</p>;
  else {
    const unit = doc.units.find((u) => u.id === selection[0]);
    const link = doc.links.find((l) => l.id === selection[0]);
    // Keyed by content, so an undo or a commit shows the stored values again.
    if (unit && doc.plant) {
      // Layout only: where the unit stands is all that is edited here (drag, R, arrows).
      body = (
        <dl className="editor-facts" data-testid="editor-properties">
          <dt>{t('id')}</dt>
          <dd>{unit.id}</dd>
          <dt>{t('name')}</dt>
          <dd>{unit.label?.[language] ?? unit.name ?? unit.id}</dd>
          <dt>{t('kind')}</dt>
          <dd>{t(`kind.${unit.kind}`)}</dd>
        </dl>
      );
    } else if (unit) {
      body = (
        <>
          <UnitPanel key={`${unit.id}:${JSON.stringify(unit.params)}:${unit.name ?? ''}`} unit={unit} />
          {roleOf(unit.kind) === 'station' && <FitFromData key={unit.id} unit={unit} />}
        </>
      );
    } else if (link) body = <LinkPanel key={`${link.id}:${link.speed}:${link.kind}`} link={link} />;
  }
  return (
    <section className="editor-panel" aria-label={t('properties')}>
      <h3>{t('properties')}</h3>
      {body}
    </section>
  );
}
