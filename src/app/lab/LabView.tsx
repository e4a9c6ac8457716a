/**
 * The scheduling lab (for students): pick, load or generate a job-shop instance; run dispatching rules, tabu search
 * (live, stoppable, in the lab's worker) or the learned dispatcher; compare the runs against the best-known bound; and
 * reorder operations by hand in the Gantt chart, the core repairing the schedule after every move.
 */
import { useEffect, useState, type DragEvent } from 'react';
import { RULE_NAMES } from '../../core/scheduling/rules.ts';
import { fill } from '../i18n.ts';
import { useTexts } from '../use-t.ts';
import { Gantt } from './Gantt.tsx';
import { INSTANCE_GROUPS } from './instances.ts';
import {
  gapPercent,
  generate,
  GENERATOR_LIMITS,
  loadFile,
  moveOperation,
  pickBuiltIn,
  showRun,
  startRun,
  stopRun,
  useLab,
  type EditNote,
  type LabRun,
  type LoadError,
} from './lab-store.ts';
import type { LabMethod } from './protocol.ts';
import { LeaderboardPanel, OwnRulePanel } from './RulesPanel.tsx';
import { labTexts, ruleTexts, trainTexts } from './texts.ts';
import { TrainPanel } from './TrainPanel.tsx';
import './lab.css';

type T = (key: keyof (typeof labTexts)['en']) => string;

function useMethodName(): (method: LabMethod, run?: Pick<LabRun, 'rule'>) => string {
  const t = useTexts(labTexts);
  const r = useTexts(ruleTexts);
  const tr = useTexts(trainTexts);
  return (method, run) =>
    method === 'tabu'
      ? t('tabu')
      : method === 'rl'
        ? t('rl')
        : method === 'trained'
          ? tr('trainedName')
          : method === 'own'
            ? `${run?.rule?.name ?? ''}: ${run?.rule?.expression ?? ''}`
            : r(method);
}

function InstancePanel() {
  const t = useTexts(labTexts);
  const instance = useLab((s) => s.instance);
  const source = useLab((s) => s.source);
  const bound = useLab((s) => s.bound);
  const computedLowerBound = useLab((s) => s.computedLowerBound);
  const loading = useLab((s) => s.loading);
  const [generator, setGenerator] = useState({ jobs: 15, machines: 15, timeSeed: 840612802, machineSeed: 398197754 });
  const [badGenerator, setBadGenerator] = useState(false);
  const number = (key: keyof typeof generator) => (
    <label>
      {t(key)}
      <input
        type="number"
        data-testid={`generator-${key}`}
        value={generator[key]}
        min={key === 'jobs' ? GENERATOR_LIMITS.jobs[0] : key === 'machines' ? GENERATOR_LIMITS.machines[0] : 1}
        onChange={(e) => setGenerator({ ...generator, [key]: Number(e.target.value) })}
      />
    </label>
  );
  let sourceText = '';
  if (source?.kind === 'builtin') sourceText = t('sourceBuiltIn');
  else if (source?.kind === 'file') sourceText = fill(t('sourceFile'), { file: source.file });
  else if (source?.kind === 'generated') sourceText = fill(t('sourceGenerated'), source);
  let boundText = '';
  if (bound)
    boundText =
      bound.status === 'closed'
        ? fill(t('boundClosed'), { value: bound.upperBound })
        : fill(t('boundOpen'), { upper: bound.upperBound, lower: bound.lowerBound });
  else if (instance) boundText = fill(t('boundComputed'), { value: computedLowerBound ?? '…' });
  return (
    <section className="lab-panel" aria-label={t('instance')}>
      <h3>{t('instance')}</h3>
      <label>
        {t('builtIn')}
        <select
          data-testid="instance-select"
          value={source?.kind === 'builtin' ? source.name : ''}
          onChange={(e) => e.target.value && void pickBuiltIn(e.target.value)}
        >
          {source?.kind !== 'builtin' && <option value="">–</option>}
          {INSTANCE_GROUPS.map((group) => (
            <optgroup key={group.family} label={group.family}>
              {group.names.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      {/* The native input's own texts ("Choose File") follow the browser's language, not the app's: it is hidden and
          its label is the button. */}
      <label className="file-pick">
        <input
          type="file"
          className="visually-hidden"
          data-testid="instance-input"
          accept=".txt,.jss,.jsp,text/plain"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void loadFile(file);
            e.target.value = ''; // the same file can be picked again after fixing it
          }}
        />
        <span className="file-button">{t('loadFile')}</span>
      </label>
      <p className="hint">{t('dropHint')}</p>
      <fieldset className="generator">
        <legend>{t('generate')}</legend>
        {number('jobs')}
        {number('machines')}
        {number('timeSeed')}
        {number('machineSeed')}
        <button
          data-testid="generate-button"
          onClick={() => setBadGenerator(!generate(generator.jobs, generator.machines, generator.timeSeed, generator.machineSeed))}
        >
          {t('generateButton')}
        </button>
        <p className="hint">{badGenerator ? t('badGenerator') : t('seedHint')}</p>
      </fieldset>
      {loading && <p>{t('loading')}</p>}
      {instance && (
        <dl className="instance-info" data-testid="instance-info" data-name={instance.name} data-jobs={instance.jobs} data-machines={instance.machines}>
          <dt>{t('instance')}</dt>
          <dd data-testid="instance-name">{instance.name}</dd>
          <dd>{fill(t('size'), { jobs: instance.jobs, machines: instance.machines })}</dd>
          <dd>{sourceText}</dd>
          <dd data-testid="instance-bound">{boundText}</dd>
        </dl>
      )}
    </section>
  );
}

function MethodPanel() {
  const t = useTexts(labTexts);
  const methodName = useMethodName();
  const instance = useLab((s) => s.instance);
  const runs = useLab((s) => s.runs);
  const [method, setMethod] = useState<LabMethod>('tabu');
  const [seed, setSeed] = useState(1);
  const [limitKind, setLimitKind] = useState<'iterations' | 'time'>('iterations');
  const [iterations, setIterations] = useState(20_000);
  const [seconds, setSeconds] = useState(5);
  const liveTabu = runs.filter((run) => run.method === 'tabu' && run.status === 'running');
  return (
    <section className="lab-panel" aria-label={t('method')}>
      <h3>{t('method')}</h3>
      <label>
        {t('method')}
        <select data-testid="method-select" value={method} onChange={(e) => setMethod(e.target.value as LabMethod)}>
          <optgroup label={t('optimisers')}>
            <option value="tabu">{t('tabu')}</option>
            <option value="rl">{t('rl')}</option>
          </optgroup>
          <optgroup label={t('rules')}>
            {RULE_NAMES.map((rule) => (
              <option key={rule} value={rule}>
                {methodName(rule)}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      {(method === 'tabu' || method === 'random') && (
        <label>
          {t('seed')}
          <input type="number" data-testid="method-seed" min={0} value={seed} onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value)) || 0))} />
        </label>
      )}
      {method === 'tabu' && (
        <label>
          {t('limit')}
          {limitKind === 'iterations' ? (
            <input
              type="number"
              data-testid="tabu-iterations"
              min={1}
              value={iterations}
              onChange={(e) => setIterations(Math.max(1, Math.floor(Number(e.target.value)) || 1))}
            />
          ) : (
            <input
              type="number"
              data-testid="tabu-seconds"
              min={0.1}
              step={0.5}
              value={seconds}
              onChange={(e) => setSeconds(Math.max(0.1, Number(e.target.value) || 0.1))}
            />
          )}
          <select data-testid="tabu-limit-kind" value={limitKind} onChange={(e) => setLimitKind(e.target.value as 'iterations' | 'time')}>
            <option value="iterations">{t('iterations')}</option>
            <option value="time">{t('seconds')}</option>
          </select>
        </label>
      )}
      <button
        data-testid="run-button"
        disabled={!instance}
        onClick={() => startRun(method, seed, limitKind === 'iterations' ? { kind: 'iterations', value: iterations } : { kind: 'time', ms: seconds * 1000 })}
      >
        {t('run')}
      </button>
      {liveTabu.map((run) => (
        <p key={run.id} className="tabu-live" data-testid="tabu-live" data-makespan={run.makespan ?? ''} aria-live="polite">
          {run.makespan === undefined
            ? t('loading')
            : fill(t('live'), { makespan: run.makespan, iteration: run.iteration ?? 0, seconds: ((run.elapsedMs ?? 0) / 1000).toFixed(1) })}{' '}
          <button data-testid="stop-button" onClick={() => stopRun(run.id)}>
            {t('stop')}
          </button>
        </p>
      ))}
    </section>
  );
}

function formatDuration(t: T, ms: number): string {
  return ms < 1000 ? fill(t('milliseconds'), { value: ms.toFixed(ms < 10 ? 1 : 0) }) : fill(t('secondsValue'), { value: (ms / 1000).toFixed(2) });
}

function statusText(t: T, run: LabRun): string {
  if (run.status === 'running') return t('statusRunning');
  if (run.status === 'error') return run.errorCode === 'stopped-early' ? t('statusStoppedEarly') : fill(t('statusError'), { message: run.error ?? '' });
  switch (run.stop) {
    case 'target':
      return t('statusTarget');
    case 'iterations':
      return t('statusIterations');
    case 'time':
      return t('statusTime');
    case 'stopped':
      return t('statusStopped');
    default:
      return t('statusComplete');
  }
}

function RunsTable() {
  const t = useTexts(labTexts);
  const methodName = useMethodName();
  const { runs, shown, bound, computedLowerBound } = useLab();
  if (runs.length === 0) return <p className="hint">{t('noRuns')}</p>;
  const boundCell = bound
    ? bound.status === 'closed'
      ? String(bound.upperBound)
      : `${bound.lowerBound}–${bound.upperBound}`
    : `≥ ${computedLowerBound ?? '…'}`;
  return (
    <>
      <table className="runs-table" data-testid="runs-table">
        <thead>
          <tr>
            <th>{t('colMethod')}</th>
            <th>{t('colMakespan')}</th>
            <th>{t('colBound')}</th>
            <th>{t('colGap')}</th>
            <th>{t('colTime')}</th>
            <th>{t('colStatus')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr
              key={run.id}
              data-testid="run-row"
              data-method={run.method}
              data-status={run.status}
              data-makespan={run.makespan ?? ''}
              aria-current={shown?.runId === run.id}
            >
              <td>
                {methodName(run.method, run)}
                {(run.method === 'tabu' || run.method === 'random') && ` (${t('seed')} ${run.seed})`}
              </td>
              <td className="num">{run.makespan ?? '–'}</td>
              <td className="num">{boundCell}</td>
              <td className="num">{run.makespan === undefined ? '–' : (gapPercent(run.makespan, { bound, computedLowerBound })?.toFixed(2) ?? '…')}</td>
              <td className="num">{run.elapsedMs === undefined ? '–' : formatDuration(t, run.elapsedMs)}</td>
              <td>{statusText(t, run)}</td>
              <td>
                {run.starts && (
                  // Shown unedited: nothing to do. Shown but edited: "Show" brings back the run's own schedule.
                  <button onClick={() => showRun(run.id)} disabled={shown?.runId === run.id && !shown.edited}>
                    {shown?.runId === run.id && !shown.edited ? t('shown') : t('show')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('gapNote')}</p>
    </>
  );
}

function editNoteText(t: T, note: EditNote): string {
  const cycle = (note.cycle ?? []).map((op) => fill(t('cycleOperation'), { job: op.job + 1, operation: op.operation + 1, machine: op.machine })).join(' → ');
  const values = {
    job: note.job + 1,
    machine: note.machine,
    requested: note.requested + 1,
    position: note.position + 1,
    before: note.before,
    after: note.after,
    cycle,
  };
  return fill(t(note.kind), values);
}

function loadErrorText(t: T, error: LoadError): string {
  return error.kind === 'parse' ? fill(t('parseError'), error) : fill(t('fileError'), error);
}

function SchedulePanel() {
  const t = useTexts(labTexts);
  const methodName = useMethodName();
  // Selected one by one: a tabu run's progress changes `runs` often, and must not redraw the chart.
  const instance = useLab((s) => s.instance);
  const shown = useLab((s) => s.shown);
  const editNote = useLab((s) => s.editNote);
  const shownRun = useLab((s) => s.runs.find((r) => r.id === s.shown?.runId));
  if (!instance || !shown) return <p className="hint">{t('noSchedule')}</p>;
  const label = shownRun ? methodName(shownRun.method, shownRun) : '';
  return (
    <section className="lab-gantt" aria-label={t('gantt')}>
      <h3>
        {fill(t(shown.edited ? 'editedBy' : 'scheduleOf'), { label })} · {t('makespan')}: <strong data-testid="makespan">{shown.makespan}</strong>
      </h3>
      {editNote && (
        <p className={editNote.kind === 'refused' ? 'edit-note refused' : 'edit-note'} data-testid="edit-note" data-kind={editNote.kind} role="status">
          {editNoteText(t, editNote)}
        </p>
      )}
      <Gantt instance={instance} shown={shown} onMove={moveOperation} />
      <p className="hint">{t('ganttHelp')}</p>
    </section>
  );
}

export function LabView() {
  const t = useTexts(labTexts);
  const loadError = useLab((s) => s.loadError);
  const [dropping, setDropping] = useState(false);

  useEffect(() => {
    const { instance, loading } = useLab.getState();
    if (!instance && !loading) void pickBuiltIn('ft06');
  }, []);

  const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes('Files');
  return (
    <div
      className={dropping ? 'lab dropping' : 'lab'}
      data-testid="lab"
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDropping(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDropping(false);
        const file = e.dataTransfer.files[0];
        if (file) void loadFile(file);
      }}
    >
      <h2>{t('title')}</h2>
      <p className="hint">{t('intro')}</p>
      {loadError && (
        <div className="error" role="alert" data-testid="lab-error">
          {loadErrorText(t, loadError)}
        </div>
      )}
      <div className="lab-panels">
        <InstancePanel />
        <MethodPanel />
        <section className="lab-panel lab-runs" aria-label={t('runs')}>
          <h3>{t('runs')}</h3>
          <RunsTable />
        </section>
      </div>
      <SchedulePanel />
      <div className="lab-own">
        <OwnRulePanel />
        <LeaderboardPanel />
      </div>
      <TrainPanel />
      {dropping && <div className="drop-overlay">{t('dropHere')}</div>}
    </div>
  );
}
