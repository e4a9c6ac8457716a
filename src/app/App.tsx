/**
 * The app shell: controls (plant, level, play/pause, step, reset, speed, seed, language), the 3D view, the KPI cards and
 * a live chart. The engine runs in a worker; this component re-renders on control changes only.
 */
import { Suspense, useEffect, useRef, type ComponentType, type ReactNode } from 'react';
import { LEVELS, type Level } from '../core/experiment/levels.ts';
import { UNIT_STATE_NAMES } from '../core/runtime/view.ts';
import { KpiCards } from './dashboard/KpiCards.tsx';
import { PerfOverlay } from './dashboard/PerfOverlay.tsx';
import { catalogNames } from './engine/catalog-index.ts';
import { loadSelected, send } from './engine/client.ts';
import { formatClock, invalidateHud, registerHudWriter } from './hud.ts';
import { capabilityName, fill, LANGUAGES, predictionName, translate, type Language } from './i18n.ts';
import { STATE_STYLE } from './palette.ts';
import { CameraPresets } from './scene/CameraPresets.tsx';
import { SceneSummary } from './scene/SceneSummary.tsx';
import { ThemeSelect } from './ThemeSelect.tsx';
import { plantName } from './names.ts';
import { PlantScene } from './scene/PlantScene.tsx';
import { SeedInput, SpeedSelect } from './run-controls.tsx';
import { SPEEDS } from './speeds.ts';
import { live, useApp, VIEW_IDS, type ViewId } from './store.ts';
import { useT, useTexts } from './use-t.ts';
import { shellTexts } from './shell-texts.ts';
import { ViewErrorBoundary } from './ViewErrorBoundary.tsx';
import { lazyWithRetry } from './lazy-retry.ts';
import { useShadow } from './connect/shadow-state.ts';

function setRunning(running: boolean): void {
  send({ type: running ? 'play' : 'pause' });
  useApp.setState({ running });
}

function changeSpeed(direction: 1 | -1): void {
  const index = SPEEDS.indexOf(useApp.getState().speed);
  const next = SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, index + direction))]!;
  useApp.setState({ speed: next });
  send({ type: 'speed', factor: next });
}

/** The name a custom model gives itself, if it is well-formed enough to have one (the worker validates it fully). */
function customModelName(model: unknown): string | undefined {
  const name = (model as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.length > 0 ? name : undefined;
}

function Clock() {
  const node = useRef<HTMLSpanElement>(null);
  const loaded = useApp((s) => s.loaded);
  const language = useApp((s) => s.language);
  useEffect(() => {
    invalidateHud();
    return registerHudWriter(() => {
      if (!node.current || !loaded) return;
      node.current.textContent = formatClock(live.time, loaded.unitsPerDay, translate(language, 'day'));
      node.current.dataset.time = String(live.time);
      node.current.dataset.days = String(live.time / loaded.unitsPerDay);
    });
  }, [loaded, language]);
  return <span className="clock" data-testid="sim-clock" ref={node} data-time="0" data-days="0" />;
}

function Controls() {
  const t = useT();
  const { modelId, custom, level, seed, speed, running, loaded, language } = useApp();
  const levels: readonly Level[] = loaded?.levels ?? ['L1'];
  return (
    <div className="controls" role="toolbar">
      <label>
        {t('plant')}
        <select
          data-testid="plant-select"
          value={modelId}
          onChange={(e) => {
            useApp.setState({ modelId: e.target.value, level: 'L1', overrides: {}, cameraId: undefined, overlay: 'none' });
            loadSelected();
          }}
        >
          {catalogNames.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {plantName(language, entry.id, entry.name)}
            </option>
          ))}
          {custom && (
            <option value={custom.id}>
              {customModelName(custom.model) ?? custom.file} ({custom.file})
            </option>
          )}
        </select>
      </label>
      <label>
        {t('level')}
        <select
          data-testid="level-select"
          value={level}
          onChange={(e) => {
            useApp.setState({ level: e.target.value as Level, overrides: {} });
            loadSelected();
          }}
        >
          {LEVELS.map((l) => (
            <option key={l} value={l} disabled={!levels.includes(l)}>
              {t(`level.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <button data-testid="play-toggle" aria-pressed={running} onClick={() => setRunning(!running)}>
        {running ? t('pause') : t('play')}
      </button>
      <button data-testid="step-button" onClick={() => send({ type: 'step' })}>
        {t('step')}
      </button>
      <button data-testid="reset-button" onClick={() => loadSelected()}>
        {t('reset')}
      </button>
      <SpeedSelect
        testId="speed-select"
        value={speed}
        onChange={(factor) => {
          useApp.setState({ speed: factor });
          send({ type: 'speed', factor });
        }}
      />
      <SeedInput
        testId="seed-input"
        value={seed}
        onChange={(value) => {
          useApp.setState({ seed: value });
          loadSelected();
        }}
      />
      <span className="clock-box">
        {t('simulatedTime')}: <Clock />
      </span>
    </div>
  );
}

function OverlaySelect() {
  const t = useT();
  const language = useApp((s) => s.language);
  const overlay = useApp((s) => s.overlay);
  const signal = useApp((s) => s.loaded?.signal);
  const predictions = useApp((s) => s.loaded?.predictions);
  // Plain `prediction` (set elsewhere) means the first of the model's predictions.
  const value = overlay === 'prediction' && predictions?.[0] ? `prediction:${predictions[0].name}` : overlay;
  return (
    <select
      className="overlay-select"
      data-testid="overlay-select"
      aria-label={t('overlay')}
      value={value}
      onChange={(e) => useApp.setState({ overlay: e.target.value as typeof overlay })}
    >
      <option value="none">{t('overlay.none')}</option>
      <option value="utilization">{t('overlay.utilization')}</option>
      <option value="queue">{t('overlay.queue')}</option>
      {signal && <option value="signal">{t(signal.name === 'vibration' ? 'overlay.vibration' : 'overlay.temperature')}</option>}
      {predictions?.map((p) => (
        <option key={p.name} value={`prediction:${p.name}`}>
          {fill(t('overlay.prediction'), { name: predictionName(language, p.name) })}
        </option>
      ))}
    </select>
  );
}

/** The per-capability level matrix: the paper's "parallel promotion", one capability raised at a time. */
function CapabilityMatrix() {
  const t = useT();
  const loaded = useApp((s) => s.loaded);
  const language = useApp((s) => s.language);
  if (!loaded || Object.keys(loaded.capabilities).length === 0) return null;
  return (
    <fieldset className="capabilities" data-testid="capability-matrix">
      <legend>{t('capabilities')}</legend>
      {Object.entries(loaded.capabilities).map(([name, level]) => (
        <label key={name}>
          {capabilityName(language, name)}
          <select
            data-testid={`capability-${name}`}
            value={level}
            onChange={(e) => {
              const { overrides } = useApp.getState();
              useApp.setState({ overrides: { ...overrides, [name]: e.target.value as Level } });
              loadSelected();
            }}
          >
            {loaded.levels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
      ))}
    </fieldset>
  );
}

function Legend() {
  const t = useT();
  return (
    <ul className="legend" aria-label={t('legend')}>
      {UNIT_STATE_NAMES.map((name) => (
        <li key={name}>
          <span className="swatch" style={{ background: STATE_STYLE[name].color }}>
            {STATE_STYLE[name].symbol}
          </span>
          {t(`state.${name}`)}
        </li>
      ))}
    </ul>
  );
}

function LanguageSelect() {
  const t = useT();
  const language = useApp((s) => s.language);
  return (
    <label className="language">
      {t('language')}
      <select data-testid="language-select" value={language} onChange={(e) => useApp.setState({ language: e.target.value as Language })}>
        {Object.entries(LANGUAGES).map(([code, name]) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Loaded after the first frame rather than with it (the initial-JS budget, `scripts/check-bundle-size.mjs`): the tour
 * menu and share button validate tours and links against whole models (the simulation core and zod); the chart needs
 * uPlot.
 */
const TourMenu = lazyWithRetry(
  () => import('./tour/TourMenu.tsx'),
  (m) => m.TourMenu,
);
const ShareButton = lazyWithRetry(
  () => import('./share/ShareButton.tsx'),
  (m) => m.ShareButton,
);
const UpdatePrompt = lazyWithRetry(
  () => import('./pwa/UpdatePrompt.tsx'),
  (m) => m.UpdatePrompt,
);
// Below the KPI cards: the event log and the inspector arrive just after the first frame too.
const EventLog = lazyWithRetry(
  () => import('./dashboard/EventLog.tsx'),
  (m) => m.EventLog,
);
const Inspector = lazyWithRetry(
  () => import('./dashboard/Inspector.tsx'),
  (m) => m.Inspector,
);
// The Connect panel brings mqtt.js and the Sparkplug codec: loaded after the first frame.
const ConnectPanel = lazyWithRetry(
  () => import('./connect/ConnectPanel.tsx'),
  (m) => m.ConnectPanel,
);
const TourInvitation = lazyWithRetry(
  () => import('./tour/TourInvitation.tsx'),
  (m) => m.TourInvitation,
);
const KpiChart = lazyWithRetry(
  () => import('./dashboard/KpiChart.tsx'),
  (m) => m.KpiChart,
);

/**
 * A piece loaded after the first frame, in a small error boundary of its own: a chunk that fails to load shows a Retry
 * (which fetches it again) where the piece would be, and the rest of the view stays.
 */
function Later({ name, children }: { name: string; children: ReactNode }) {
  const t = useT();
  return (
    <ViewErrorBoundary view={name} compact failed={t('viewFailed')} retry={t('retry')}>
      <Suspense fallback={null}>{children}</Suspense>
    </ViewErrorBoundary>
  );
}

/** The tools beside the live twin, loaded when first opened. */
const views: Record<Exclude<ViewId, 'twin'>, ComponentType> = {
  compare: lazyWithRetry(
    () => import('./compare/CompareView.tsx'),
    (m) => m.CompareView,
  ),
  lab: lazyWithRetry(
    () => import('./lab/LabView.tsx'),
    (m) => m.LabView,
  ),
  experiments: lazyWithRetry(
    () => import('./experiments/ExperimentsView.tsx'),
    (m) => m.ExperimentsView,
  ),
  editor: lazyWithRetry(
    () => import('./editor/EditorView.tsx'),
    (m) => m.EditorView,
  ),
};

/** The view named by the URL's hash (`#lab`), so a view can be linked to and reloaded. */
function viewFromHash(): ViewId {
  const name = location.hash.replace(/^#/, '');
  return (VIEW_IDS as readonly string[]).includes(name) ? (name as ViewId) : 'twin';
}

/** Opens a view as a new history entry, so that Back and Forward move between the views. */
function openView(id: ViewId): void {
  if (useApp.getState().view === id) return;
  useApp.setState({ view: id });
  history.pushState(history.state, '', id === 'twin' ? location.pathname + location.search : `#${id}`);
}

/** WAI-ARIA tabs: one tab stop, arrow keys (and Home / End) move between the tabs and open them. */
function ViewTabs() {
  const t = useT();
  const view = useApp((s) => s.view);
  const tabs = useRef<Partial<Record<ViewId, HTMLButtonElement | null>>>({});
  const onKeyDown = (event: React.KeyboardEvent) => {
    const index = VIEW_IDS.indexOf(view);
    const last = VIEW_IDS.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : -1;
    if (next < 0) return;
    event.preventDefault();
    // Not also a guided tour's next / previous step (its keys listen on the window).
    event.stopPropagation();
    openView(VIEW_IDS[next]!);
    tabs.current[VIEW_IDS[next]!]?.focus();
  };
  return (
    <nav className="view-tabs" role="tablist" aria-label={t('views')} onKeyDown={onKeyDown}>
      {VIEW_IDS.map((id) => (
        <button
          key={id}
          ref={(node) => void (tabs.current[id] = node)}
          role="tab"
          id={`tab-${id}`}
          data-testid={`view-${id}`}
          aria-selected={view === id}
          aria-controls={view === id || id === 'twin' ? `panel-${id}` : undefined}
          tabIndex={view === id ? 0 : -1}
          onClick={() => openView(id)}
        >
          {t(`view.${id}`)}
        </button>
      ))}
    </nav>
  );
}

export function App() {
  const t = useT();
  const view = useApp((s) => s.view);
  const language = useApp((s) => s.language);

  useEffect(() => {
    const onHash = () => useApp.setState({ view: viewFromHash() });
    onHash();
    window.addEventListener('hashchange', onHash);
    window.addEventListener('popstate', onHash);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('popstate', onHash);
    };
  }, []);

  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    document.title = translate(language, 'title');
    invalidateHud();
  }, [language]);

  const Tool = view === 'twin' ? undefined : views[view];
  return (
    <div className="app">
      <header>
        <h1>{t('title')}</h1>
        <span className="subtitle">{t('subtitle')}</span>
        <ViewTabs />
        <Later name="header-tools">
          <TourMenu />
          <ShareButton />
          <UpdatePrompt />
        </Later>
        <LanguageSelect />
        <ThemeSelect />
      </header>
      {/* The twin stays mounted (hidden) while a tool is open, so its run and 3D scene survive a visit to the lab. */}
      <div className="view" hidden={view !== 'twin'} role="tabpanel" id="panel-twin" aria-labelledby="tab-twin">
        <ViewErrorBoundary view="twin" failed={t('viewFailed')} retry={t('retry')}>
          <TwinView />
        </ViewErrorBoundary>
      </div>
      {Tool && (
        <div className="view" data-testid={`${view}-view`} role="tabpanel" id={`panel-${view}`} aria-labelledby={`tab-${view}`}>
          <ViewErrorBoundary key={view} view={view} failed={t('viewFailed')} retry={t('retry')}>
            <Suspense fallback={<p>{t('loading')}</p>}>
              <Tool />
            </Suspense>
          </ViewErrorBoundary>
        </div>
      )}
    </div>
  );
}

/** The live twin: run controls, the 3D scene and the dashboard. */
function TwinView() {
  const t = useT();
  const shell = useTexts(shellTexts);
  const view = useApp((s) => s.view);
  const { loaded, error, language, modelId, level, seed } = useApp();

  useEffect(() => {
    loadSelected();
    const onKey = (event: KeyboardEvent) => {
      if (useApp.getState().view !== 'twin') return;
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
      if (event.key === ' ') {
        event.preventDefault();
        setRunning(!useApp.getState().running);
      } else if (event.key === '.') send({ type: 'step' });
      else if (event.key === '+' || event.key === '=') changeSpeed(1);
      else if (event.key === '-') changeSpeed(-1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const wipIndex = loaded ? loaded.kpis.findIndex((k) => k.key === 'wip') : -1;
  // Shadow mode (after Connect) turns the chart into this shift's output with the twin's forecasts.
  const shadow = useShadow((s) => s.active);
  return (
    <>
      <Controls />
      {error && (
        <div className="error" role="alert">
          {t('error')}: {error}
        </div>
      )}
      <main>
        <section className="scene" aria-label={shell('summary.label')} aria-describedby="scene-summary">
          <SceneSummary id="scene-summary" />
          {loaded ? (
            <PlantScene modelId={loaded.modelId} units={loaded.units} capabilities={loaded.capabilities} vehicles={loaded.vehicles} active={view === 'twin'} />
          ) : (
            <p>{t('loading')}</p>
          )}
          {loaded && (
            <div className="scene-tools">
              <OverlaySelect />
              <CameraPresets modelId={loaded.modelId} />
            </div>
          )}
          {loaded && (
            <Later name="tour-invitation">
              <TourInvitation />
            </Later>
          )}
          <PerfOverlay />
        </section>
        <aside
          className="dashboard"
          data-testid="dashboard"
          data-loaded={loaded ? `${loaded.modelId}/${loaded.level}/${loaded.seed}` : ''}
          data-capabilities={loaded ? JSON.stringify(loaded.capabilities) : ''}
        >
          <h2>{t('kpis')}</h2>
          {loaded && <KpiCards kpis={loaded.kpis} language={language} modelId={loaded.modelId} />}
          <h2>{t(shadow ? 'chart.shadow' : 'chart')}</h2>
          {loaded && (wipIndex >= 0 || shadow) && (
            <Later name="chart">
              <KpiChart kpiIndex={wipIndex} label={t('chart')} resetKey={`${modelId}/${level}/${seed}`} />
            </Later>
          )}
          <CapabilityMatrix />
          <h2>{t('events')}</h2>
          {loaded && (
            <Later name="events">
              <EventLog units={loaded.units} unitsPerDay={loaded.unitsPerDay} language={language} />
            </Later>
          )}
          <h2>{t('inspector')}</h2>
          {loaded && (
            <Later name="inspector">
              <Inspector units={loaded.units} unitsPerDay={loaded.unitsPerDay} language={language} />
            </Later>
          )}
          {/* Below the plant's own panels: a trainer's first screen shows the KPIs and the chart. */}
          <Later name="connect">
            <ConnectPanel />
          </Later>
          <Legend />
          <p className="hint">{t('keyboard')}</p>
        </aside>
      </main>
    </>
  );
}
