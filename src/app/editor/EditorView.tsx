/**
 * The layout editor for engineers: a palette, the floor plan, the selected item's parameters and the layout check.
 * "Run" sends the layout (a flow model with its scene) to the live twin as a custom model; export and import write and
 * read the same file, which `npm run sim` runs unchanged.
 */
import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import { own } from '../../core/util/own.ts';
import { runnable } from '../../core/models.ts';
import { presetLevels, type Level } from '../../core/experiment/levels.ts';
import { ModelFileError } from '../../core/model/errors.ts';
import { validateModel } from '../../core/model/load.ts';
import { catalog } from '../engine/catalog.ts';
import { loadSelected } from '../engine/client.ts';
import { fill } from '../i18n.ts';
import { setCustomLayout } from '../scene/custom-layouts.ts';
import { layoutFor } from '../scene/layouts.ts';
import { useApp } from '../store.ts';
import { useTexts } from '../use-t.ts';
import {
  checkLayout,
  copy,
  deleteItems,
  emptyDocument,
  fromModel,
  fromPlantScene,
  GRID,
  layoutFile,
  moveUnits,
  paste,
  plantScene,
  renameLayout,
  rotateUnits,
  STATION_KINDS,
  toModel,
  type LayoutDocument,
  type LayoutProblem,
  type LinkKind,
  type UnitKind,
} from './document.ts';
import { CompareLayouts } from './CompareLayouts.tsx';
import { Preview3D } from './Preview3D.tsx';
import { ParamPanel } from './ParamPanel.tsx';
import { KIND_COLOURS, PlanCanvas } from './PlanCanvas.tsx';
import { commit, currentDocument, importLayout, redoEdit, undoEdit, useEditor } from './store.ts';
import { editorTexts, type EditorTextKey } from './texts.ts';
import './editor.css';

/** The custom model id the twin runs the edited layout under. */
export const EDITOR_MODEL_ID = 'editor';
const EDITOR_FILE = 'editor layout';

const PALETTE_UNITS: readonly UnitKind[] = [...STATION_KINDS.filter((k) => k !== 'station'), 'source', 'sink'];
const PALETTE_LINKS: readonly LinkKind[] = ['conveyor', 'agv'];

function selectedUnitIds(doc: LayoutDocument, selection: readonly string[]): string[] {
  const units = new Set(doc.units.map((u) => u.id));
  return selection.filter((id) => units.has(id));
}

// Editing actions shared by the toolbar and the keyboard.
const actions = {
  rotate() {
    const { selection } = useEditor.getState();
    commit(rotateUnits(currentDocument(), selectedUnitIds(currentDocument(), selection)));
  },
  remove() {
    if (currentDocument().plant) return; // a shipped plant's units are moved, never removed
    const { selection } = useEditor.getState();
    commit(deleteItems(currentDocument(), selection), []);
  },
  copy() {
    if (currentDocument().plant) return;
    const { selection } = useEditor.getState();
    const ids = selectedUnitIds(currentDocument(), selection);
    if (ids.length > 0) useEditor.setState({ clipboard: copy(currentDocument(), ids) });
  },
  paste() {
    const { clipboard } = useEditor.getState();
    if (currentDocument().plant || !clipboard || clipboard.units.length === 0) return;
    const { doc, ids } = paste(currentDocument(), clipboard);
    commit(doc, ids);
    // The next paste lands beside this one, not on top of it.
    useEditor.setState({ clipboard: copy(doc, ids) });
  },
  nudge(dx: number, dz: number) {
    const { selection } = useEditor.getState();
    commit(moveUnits(currentDocument(), selectedUnitIds(currentDocument(), selection), dx, dz));
  },
};

/**
 * The levels a layout runs at, once it can run: a flow line with no problems (validated as a model), or a shipped
 * plant whose units were moved (its own levels; overlaps are only reported). Undefined while a line has problems.
 */
function runnableLayout(doc: LayoutDocument, problems: readonly LayoutProblem[]): { levels: readonly Level[] } | undefined {
  if (doc.plant) {
    const entry = catalog.find((e) => e.id === doc.plant!.id);
    return entry ? { levels: runnable(entry.model).levels } : undefined;
  }
  if (problems.length > 0) return undefined;
  try {
    const model = validateModel(toModel(doc).model, EDITOR_FILE);
    return { levels: runnable(model).levels };
  } catch (error) {
    if (error instanceof ModelFileError) return undefined;
    throw error;
  }
}

/** Shows a shipped plant with its units where the editor put them: the twin runs the plant's own model. */
function showPlantInTwin(level: Level): void {
  const doc = currentDocument();
  const plant = doc.plant!;
  setCustomLayout(plant.id, plantScene(doc), EDITOR_FILE);
  useApp.setState({ custom: undefined, modelId: plant.id, level, overrides: {}, cameraId: undefined, overlay: 'none', view: 'twin' });
  history.replaceState(null, '', location.pathname + location.search);
  loadSelected();
}

/** A layout-only document for a shipped plant: its scene, with each unit's kind from the scene or the plant's view. */
function openPlant(id: string): LayoutDocument | undefined {
  const entry = catalog.find((e) => e.id === id);
  if (!entry) return undefined;
  const model = runnable(entry.model);
  // Building a replication (not running it) lists the plant's units and what equipment each is.
  const units = model.start({ seed: 1, capabilities: presetLevels(model.capabilities, 'L1') }).view?.().units ?? [];
  const kinds = Object.fromEntries(units.map((u) => [u.id, u.kind]));
  const shipped = layoutFor(id);
  const laidOut = { ...(shipped ?? { units: {} }) } as NonNullable<ReturnType<typeof layoutFor>>;
  // Units the scene leaves out are put in a row below the others, so every unit can be moved.
  const missing = units.filter((u) => !own(laidOut.units, u.id));
  if (missing.length > 0) {
    const below = Math.max(0, ...Object.values(laidOut.units).map((u) => u.position[1])) + 4;
    laidOut.units = { ...laidOut.units };
    missing.forEach((u, i) => (laidOut.units[u.id] = { position: [i * 3, below], rotation: 0 }));
  }
  return fromPlantScene(id, entry.model.name, laidOut, kinds);
}

function runInTwin(level: Level): void {
  if (currentDocument().plant) {
    showPlantInTwin(level);
    return;
  }
  const { model, scene } = toModel(currentDocument());
  setCustomLayout(EDITOR_MODEL_ID, scene, EDITOR_FILE);
  useApp.setState({
    custom: { id: EDITOR_MODEL_ID, file: EDITOR_FILE, model, scene },
    modelId: EDITOR_MODEL_ID,
    level,
    overrides: {},
    cameraId: undefined,
    overlay: 'none',
    view: 'twin',
  });
  history.replaceState(null, '', location.pathname + location.search);
  loadSelected();
}

function exportLayout(doc: LayoutDocument): void {
  // A shipped plant's layout is its scene file (scenes/<plant>.json); a flow line is a model file carrying its scene.
  const text = JSON.stringify(doc.plant ? plantScene(doc) : layoutFile(doc), null, 2) + '\n';
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${
    doc.name
      .trim()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '') || 'layout'
  }.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Palette() {
  const t = useTexts(editorTexts);
  const tool = useEditor((s) => s.tool);
  const plant = useEditor((s) => s.history.present.plant);
  if (plant) {
    return (
      <nav className="editor-palette" data-testid="editor-palette" aria-label={t('palette')}>
        <h3>{t('palette')}</h3>
        <button data-testid="tool-select" aria-pressed>
          {t('select')}
        </button>
        <p className="hint" data-testid="plant-mode">
          {fill(t('plantMode'), { plant: catalog.find((e) => e.id === plant.id)?.model.name ?? plant.id })}
        </p>
      </nav>
    );
  }
  const active = (kind: string) => (tool.mode === 'place' || tool.mode === 'connect') && tool.kind === kind;
  return (
    <nav className="editor-palette" data-testid="editor-palette" aria-label={t('palette')}>
      <h3>{t('palette')}</h3>
      <button data-testid="tool-select" aria-pressed={tool.mode === 'select'} onClick={() => useEditor.setState({ tool: { mode: 'select' } })}>
        {t('select')}
      </button>
      {PALETTE_UNITS.map((kind) => (
        <button
          key={kind}
          data-testid={`palette-${kind}`}
          aria-pressed={active(kind)}
          onClick={() => useEditor.setState({ tool: { mode: 'place', kind }, notice: undefined })}
        >
          <span className="editor-swatch" style={{ background: KIND_COLOURS[kind] }} />
          {t(`kind.${kind}`)}
        </button>
      ))}
      {PALETTE_LINKS.map((kind) => (
        <button
          key={kind}
          data-testid={`palette-${kind}`}
          aria-pressed={active(kind)}
          onClick={() => useEditor.setState({ tool: { mode: 'connect', kind }, notice: undefined })}
        >
          <span className={`editor-swatch editor-swatch-${kind}`} />
          {t(`link.${kind}`)}
        </button>
      ))}
      <p className="hint">{t('paletteHint')}</p>
    </nav>
  );
}

function problemText(t: (key: EditorTextKey) => string, problem: LayoutProblem): string {
  return fill(t(`problem.${problem.code}`), { units: problem.names.join(', ') });
}

function Problems({ problems }: { problems: readonly LayoutProblem[] }) {
  const t = useTexts(editorTexts);
  return (
    <section className="editor-problems" aria-label={t('problems')}>
      <h3>{t('problems')}</h3>
      {problems.length === 0 ? (
        <p className="hint" data-testid="editor-no-problems">
          {t('noProblems')}
        </p>
      ) : (
        <ul data-testid="editor-problems">
          {problems.map((p, i) => (
            <li key={i} data-code={p.code}>
              <button onClick={() => useEditor.setState({ selection: [...p.units, ...p.links] })}>{problemText(t, p)}</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ImportErrors() {
  const t = useTexts(editorTexts);
  const report = useEditor((s) => s.importErrors);
  if (!report) return null;
  return (
    <div className="error editor-import-errors" role="alert" data-testid="import-errors">
      <p>{fill(t('importRefused'), { file: report.file })}</p>
      <ul>
        {report.problems.map((p, i) => (
          <li key={i}>
            {report.file}: {p.path ? `${p.path}: ` : ''}
            {p.message === 'importNotFlow' ? t('importNotFlow') : p.message}
          </li>
        ))}
      </ul>
      <button onClick={() => useEditor.setState({ importErrors: undefined })}>{t('dismiss')}</button>
    </div>
  );
}

function Toolbar({ ready }: { ready: { levels: readonly Level[] } | undefined }) {
  const t = useTexts(editorTexts);
  const doc = useEditor((s) => s.history.present);
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const hasSelection = useEditor((s) => s.selection.length > 0);
  const hasClipboard = useEditor((s) => (s.clipboard?.units.length ?? 0) > 0);
  const [level, setLevel] = useState<Level>('L1');
  const [name, setName] = useState(doc.name);
  // The field follows the document's name when that changes (undo, import), adjusted during render, not in an effect.
  const [shownDocName, setShownDocName] = useState(doc.name);
  if (doc.name !== shownDocName) {
    setShownDocName(doc.name);
    setName(doc.name);
  }
  const runLevel = ready && ready.levels.includes(level) ? level : 'L1';

  const onImport = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // the same file can be chosen again after fixing it
    if (file) void file.text().then((text) => importLayout(text, file.name));
  };
  const openShipped = (value: string) => {
    if (value === '') return;
    if (value === '-new') {
      commit(emptyDocument(), []);
      return;
    }
    const entry = catalog.find((e) => e.id === value);
    if (entry?.model.kind === 'flow') commit(fromModel(entry.model, layoutFor(entry.id)), []);
    else if (entry) {
      const doc = openPlant(entry.id);
      if (doc) commit(doc, []);
    }
  };
  const plantMode = doc.plant !== undefined;

  return (
    <div className="controls editor-toolbar" role="toolbar">
      <label>
        {t('layoutName')}
        <input
          className="editor-name"
          data-testid="layout-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => name.trim() !== '' && name !== doc.name && commit(renameLayout(currentDocument(), name.trim()))}
        />
      </label>
      <button data-testid="undo" disabled={!canUndo} onClick={undoEdit}>
        {t('undo')}
      </button>
      <button data-testid="redo" disabled={!canRedo} onClick={redoEdit}>
        {t('redo')}
      </button>
      <button data-testid="rotate" disabled={!hasSelection} onClick={actions.rotate}>
        {t('rotate')}
      </button>
      <button data-testid="delete" disabled={!hasSelection || plantMode} onClick={actions.remove}>
        {t('delete')}
      </button>
      <button data-testid="copy" disabled={!hasSelection || plantMode} onClick={actions.copy}>
        {t('copy')}
      </button>
      <button data-testid="paste" disabled={!hasClipboard || plantMode} onClick={actions.paste}>
        {t('paste')}
      </button>
      <label>
        {t('level')}
        <select data-testid="editor-level" value={runLevel} onChange={(e) => setLevel(e.target.value as Level)}>
          {(ready?.levels ?? ['L1']).map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <button data-testid="run-layout" disabled={!ready} title={ready ? undefined : t('runBlocked')} onClick={() => runInTwin(runLevel)}>
        {plantMode ? t('applyToTwin') : t('run')}
      </button>
      <button data-testid="export-layout" disabled={!ready} title={ready ? undefined : t('exportBlocked')} onClick={() => exportLayout(doc)}>
        {plantMode ? t('exportScene') : t('export')}
      </button>
      <label className="editor-import">
        {t('import')}
        <input data-testid="import-layout" type="file" accept=".json,application/json" onChange={onImport} />
      </label>
      <select data-testid="open-shipped" aria-label={t('openShipped')} value="" onChange={(e) => openShipped(e.target.value)}>
        <option value="">{t('openShipped')}…</option>
        <option value="-new">{t('newLayout')}</option>
        {catalog.map((e) => (
          <option key={e.id} value={e.id}>
            {e.model.kind === 'flow' ? e.model.name : `${e.model.name} (${t('layoutOnly')})`}
          </option>
        ))}
      </select>
    </div>
  );
}

function StatusLine() {
  const t = useTexts(editorTexts);
  const tool = useEditor((s) => s.tool);
  const notice = useEditor((s) => s.notice);
  let text = '';
  if (notice) text = fill(t(notice.key as EditorTextKey), notice.values ?? {});
  else if (tool.mode === 'place') text = fill(t('placing'), { kind: t(`kind.${tool.kind}`) });
  else if (tool.mode === 'connect') text = tool.from === undefined ? t('connectFrom') : fill(t('connectTo'), { from: tool.from });
  return (
    <p className="editor-status" data-testid="editor-status" aria-live="polite">
      {text}
    </p>
  );
}

export function EditorView() {
  const t = useTexts(editorTexts);
  const doc = useEditor((s) => s.history.present);
  const problems = useMemo(() => checkLayout(doc), [doc]);
  const ready = useMemo(() => runnableLayout(doc, problems), [doc, problems]);
  const [preview, setPreview] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (useApp.getState().view !== 'editor') return;
      const target = event.target;
      if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return;
      const ctrl = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const step = event.shiftKey ? 5 * GRID : GRID;
      let handled = true;
      if (ctrl && key === 'z' && !event.shiftKey) undoEdit();
      else if (ctrl && (key === 'y' || (key === 'z' && event.shiftKey))) redoEdit();
      else if (ctrl && key === 'c') actions.copy();
      else if (ctrl && key === 'v') actions.paste();
      else if (ctrl) handled = false;
      else if (key === 'delete' || key === 'backspace') actions.remove();
      else if (key === 'r') actions.rotate();
      else if (key === 'arrowleft') actions.nudge(-step, 0);
      else if (key === 'arrowright') actions.nudge(step, 0);
      else if (key === 'arrowup') actions.nudge(0, -step);
      else if (key === 'arrowdown') actions.nudge(0, step);
      else if (key === 'escape') useEditor.setState({ tool: { mode: 'select' }, notice: undefined });
      else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="editor" data-testid="editor" data-units={doc.units.length} data-links={doc.links.length} data-problems={problems.length}>
      <Toolbar ready={ready} />
      <ImportErrors />
      <div className="editor-body">
        <Palette />
        <div className="editor-plan">
          <p className="hint editor-intro">{t('intro')}</p>
          <div className="editor-plan-head">
            <StatusLine />
            <label className="hint">
              <input type="checkbox" data-testid="editor-preview-toggle" checked={preview} onChange={(e) => setPreview(e.target.checked)} /> {t('preview3d')}
            </label>
          </div>
          <PlanCanvas problems={problems} />
          {preview && <Preview3D doc={doc} />}
          <p className="hint">{t('keys')}</p>
        </div>
        <aside className="editor-side">
          <ParamPanel />
          <Problems problems={problems} />
          {!doc.plant && <CompareLayouts ready={ready !== undefined} />}
        </aside>
      </div>
    </div>
  );
}
