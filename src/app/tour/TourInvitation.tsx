/**
 * The first view's invitation to the guided tour, over the 3D view: start the plant's tour (loaded on demand) or
 * explore alone. Either answer is remembered, so it greets a newcomer once rather than on every reload.
 */
import { useState } from 'react';
import { shellTexts } from '../shell-texts.ts';
import { useApp } from '../store.ts';
import { useTexts } from '../use-t.ts';

const ANSWERED_KEY = 'fabtwin.tourInvitation.answered';

function answered(): boolean {
  try {
    return localStorage.getItem(ANSWERED_KEY) !== null;
  } catch {
    return false;
  }
}

function remember(answer: 'started' | 'dismissed'): void {
  try {
    localStorage.setItem(ANSWERED_KEY, answer);
  } catch {
    // not remembered (storage disabled): it shows again next time
  }
}

export function TourInvitation() {
  const t = useTexts(shellTexts);
  const modelId = useApp((s) => s.modelId);
  const [open, setOpen] = useState(() => !answered() && !new URLSearchParams(location.search).has('s'));
  if (!open) return null;
  const start = async () => {
    setOpen(false);
    remember('started');
    const [{ startTour }, { findTour, tours }] = await Promise.all([import('./player.ts'), import('./tours.ts')]);
    const tour = findTour(modelId) ?? tours[0];
    if (tour) startTour(tour.id);
  };
  return (
    <section className="tour-invitation" data-testid="tour-invitation" aria-labelledby="tour-invitation-title">
      <h3 id="tour-invitation-title">{t('invite.title')}</h3>
      <p>{t('invite.body')}</p>
      <div className="tour-invitation-buttons">
        <button className="primary" data-testid="tour-invitation-start" onClick={() => void start()}>
          {t('invite.start')}
        </button>
        <button
          data-testid="tour-invitation-dismiss"
          onClick={() => {
            setOpen(false);
            remember('dismissed');
          }}
        >
          {t('invite.dismiss')}
        </button>
      </div>
    </section>
  );
}
