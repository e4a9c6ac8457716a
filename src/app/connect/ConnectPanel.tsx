/**
 * The Connect panel of the live twin: a broker URL (MQTT over WebSocket) and a button; connected, the 3D view, KPI
 * cards, inspector and event log show the remote plant (remote.ts) instead of the local engine. The status reads
 * `connected`, `connecting` or `disconnected` (then the last data stays on screen, marked stale, while mqtt.js
 * reconnects by itself).
 */
import { useEffect, useState } from 'react';
import { loadSelected, send } from '../engine/client.ts';
import { useTexts } from '../use-t.ts';
import { connectRemote, disconnectRemote, useRemote } from './remote.ts';
import { connectTexts } from './texts.ts';
import { ShadowPanel } from './ShadowPanel.tsx';
import './connect.css';

export function ConnectPanel() {
  const t = useTexts(connectTexts);
  const { status, stale, node, error } = useRemote();
  const [url, setUrl] = useState('ws://127.0.0.1:9001');
  useEffect(() => {
    // The stale mark dims the dashboard's numbers (styles.css has no part in it: one attribute on <body>).
    if (stale) document.body.dataset.remoteStale = 'true';
    else delete document.body.dataset.remoteStale;
  }, [stale]);
  const active = status !== 'off';
  return (
    <section className="connect-panel" data-testid="connect-panel">
      <h2>{t('title')}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (active) {
            disconnectRemote();
            loadSelected();
          } else {
            send({ type: 'pause' });
            connectRemote(url.trim());
          }
        }}
      >
        <input data-testid="connect-url" aria-label={t('url')} value={url} onChange={(e) => setUrl(e.target.value)} disabled={active} size={24} />
        <button data-testid="connect-button" type="submit">
          {active ? t('disconnect') : t('connect')}
        </button>
      </form>
      <p>
        <span data-testid="connection-status" data-status={status} className={`connection-status ${status}`}>
          {status === 'off' ? t('off') : t(status)}
        </span>
        {active && stale && (
          <span data-testid="connect-stale" className="connect-stale">
            {' '}
            ({t('stale')})
          </span>
        )}
        {node && status === 'connected' && (
          <span>
            {' '}
            · {t('following')} <code>{node}</code>
          </span>
        )}
      </p>
      {error && status !== 'connected' && <p className="hint">{error}</p>}
      {!active && <p className="hint">{t('hint')}</p>}
      <ShadowPanel />
    </section>
  );
}
