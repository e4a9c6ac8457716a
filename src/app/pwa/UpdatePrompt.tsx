/**
 * Registers the service worker (built sites only; the dev server has none) and says so when the app is saved for
 * offline use, and when a new release is waiting: "Reload to update" activates it and reloads, "Later" keeps the
 * running version until the next visit. Loaded after the first frame (it pulls in workbox-window).
 */
import { useRegisterSW } from 'virtual:pwa-register/react';
import { useTexts } from '../use-t.ts';
import { pwaTexts } from './texts.ts';
import './pwa.css';

export function UpdatePrompt() {
  const t = useTexts(pwaTexts);
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      // Exposed for the browser tests, which wait for the precache before going offline.
      document.documentElement.dataset.serviceWorker = registration ? 'registered' : 'none';
    },
  });
  if (needRefresh) {
    return (
      <div className="pwa-prompt" role="alertdialog" aria-live="assertive" data-testid="update-prompt">
        <span>{t('updateAvailable')}</span>
        <button className="primary" data-testid="update-reload" onClick={() => void updateServiceWorker(true)}>
          {t('reload')}
        </button>
        <button onClick={() => setNeedRefresh(false)}>{t('later')}</button>
      </div>
    );
  }
  if (offlineReady) {
    return (
      <div className="pwa-prompt" role="status" data-testid="offline-ready">
        <span>{t('offlineReady')}</span>
        <button onClick={() => setOfflineReady(false)}>{t('dismiss')}</button>
      </div>
    );
  }
  return null;
}
