/**
 * The header's tour menu and, while a tour plays, its caption panel: caption in the app's language, step counter,
 * previous/next (next only once the step's condition is met), presenter mode and exit. Keys while a tour plays:
 * ArrowRight / PageDown next, ArrowLeft / PageUp previous (what presentation clickers send), Escape leaves presenter
 * mode. Space stays the twin's play/pause.
 */
import { useEffect } from 'react';
import { own } from '../../core/util/own.ts';
import { fill, kpiName, translate, type Language, type TextKey } from '../i18n.ts';
import { layoutFor } from '../scene/layouts.ts';
import { useApp, type AppState } from '../store.ts';
import { useTexts } from '../use-t.ts';
import { exitTour, nextStep, onFullscreenChange, previousStep, setPresenter, startTour, useTour } from './player.ts';
import { tourTexts } from './texts.ts';
import type { TourWait } from './tour.ts';
import { findTour, tourFileErrors, tours } from './tours.ts';
import './tour.css';

const NEXT_KEYS = new Set(['ArrowRight', 'PageDown']);
const PREVIOUS_KEYS = new Set(['ArrowLeft', 'PageUp']);

function onKey(event: KeyboardEvent): void {
  if (useTour.getState().tourId === undefined || useApp.getState().view !== 'twin') return;
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return;
  if (NEXT_KEYS.has(event.key)) {
    event.preventDefault();
    nextStep();
  } else if (PREVIOUS_KEYS.has(event.key)) {
    event.preventDefault();
    previousStep();
  } else if (event.key === 'Escape' && useTour.getState().presenter) {
    event.preventDefault();
    setPresenter(false);
  }
}

/** What a step waits for, in words. */
function describeWait(wait: TourWait, language: Language, loaded: AppState['loaded'], t: (key: keyof (typeof tourTexts)['en']) => string): string {
  switch (wait.kind) {
    case 'time':
      return fill(t('wait.time'), { days: wait.days.toLocaleString(language === 'zh' ? 'zh-CN' : 'en') });
    case 'event': {
      const event = translate(language, `event.${wait.event}` as TextKey);
      if (wait.unit === undefined) return fill(t('wait.event'), { event });
      const unit = (loaded && own(layoutFor(loaded.modelId)?.units, wait.unit)?.label?.[language]) ?? wait.unit;
      return fill(t('wait.eventAt'), { event, unit });
    }
    case 'kpi': {
      const definition = loaded?.kpis.find((k) => k.key === wait.kpi);
      const kpi = kpiName(language, wait.kpi, definition?.label ?? wait.kpi);
      const above = wait.above !== undefined;
      return fill(t(above ? 'wait.above' : 'wait.below'), { kpi, value: String(above ? wait.above : wait.below), unit: definition?.unit ?? '' }).trim();
    }
  }
}

function TourPanel() {
  const t = useTexts(tourTexts);
  const language = useApp((s) => s.language);
  const loaded = useApp((s) => s.loaded);
  const { tourId, step, ready, presenter } = useTour();
  const playing = tourId === undefined ? undefined : findTour(tourId);
  if (!playing) return null;
  const current = playing.tour.steps[step]!;
  const last = step === playing.tour.steps.length - 1;
  const status = !ready
    ? fill(t('waiting'), { what: current.wait ? describeWait(current.wait, language, loaded, t) : t('loading') })
    : last
      ? t('finished')
      : current.advance === 'auto'
        ? t('autoNext')
        : t('met');
  return (
    <section
      className={presenter ? 'tour-panel presenter' : 'tour-panel'}
      data-testid="tour-panel"
      data-tour={playing.id}
      data-step={step}
      aria-label={playing.tour.title[language]}
      aria-live="polite"
    >
      <div className="tour-head">
        <span className="tour-title">{playing.tour.title[language]}</span>
        <span className="tour-counter" data-testid="tour-step">
          {fill(t('stepOf'), { step: step + 1, total: playing.tour.steps.length })}
        </span>
      </div>
      {current.title && <h3 className="tour-step-title">{current.title[language]}</h3>}
      <p className="tour-caption" data-testid="tour-caption" lang={language === 'zh' ? 'zh-CN' : 'en'}>
        {current.caption[language]}
      </p>
      <p className="tour-status" data-testid="tour-status" data-ready={ready}>
        {status}
      </p>
      <div className="tour-buttons">
        <button data-testid="tour-prev" onClick={previousStep} disabled={step === 0}>
          {t('previous')}
        </button>
        {!last && (
          <button data-testid="tour-next" onClick={nextStep} disabled={!ready} className="tour-next">
            {t('next')}
          </button>
        )}
        <button data-testid="tour-presenter" aria-pressed={presenter} onClick={() => setPresenter(!presenter)}>
          {presenter ? t('leavePresenter') : t('presenter')}
        </button>
        <button data-testid="tour-exit" onClick={exitTour}>
          {t('exit')}
        </button>
      </div>
      {presenter && <p className="tour-keys">{t('presenterKeys')}</p>}
    </section>
  );
}

export function TourMenu() {
  const t = useTexts(tourTexts);
  const language = useApp((s) => s.language);
  const tourId = useTour((s) => s.tourId);

  useEffect(() => {
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFullscreenChange);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFullscreenChange);
    };
  }, []);

  return (
    <span className="tour-menu">
      <select
        data-testid="tour-select"
        aria-label={t('tours')}
        value={tourId ?? ''}
        onChange={(event) => {
          const id = event.target.value;
          // Let the arrow keys drive the tour rather than this list.
          event.target.blur();
          if (id === '') exitTour();
          else startTour(id);
        }}
      >
        <option value="">{t('chooseTour')}</option>
        {tours.map((tour) => (
          <option key={tour.id} value={tour.id}>
            {tour.tour.title[language]}
          </option>
        ))}
      </select>
      {tourFileErrors.length > 0 && (
        <span className="tour-file-errors" role="alert" data-testid="tour-file-errors" title={tourFileErrors.join('\n')}>
          ⚠ {t('brokenTours')}: {tourFileErrors.length}
        </span>
      )}
      <TourPanel />
    </span>
  );
}
