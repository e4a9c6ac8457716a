/**
 * The header's share button: makes a link to the scenario shown now and shows it in a field (readable and
 * selectable) with a copy button. On start, opens the link the page was opened with, if any, and reports a link that
 * could not be used.
 */
import { useEffect, useRef, useState } from 'react';
import { useTexts } from '../use-t.ts';
import { currentLink, openSharedLink, useShare } from './open.ts';
import { shareTexts } from './texts.ts';
import './share.css';

type Popover = { state: 'closed' } | { state: 'making' } | { state: 'ready'; url: string; copied?: boolean } | { state: 'failed'; message: string };

function LinkError() {
  const t = useTexts(shareTexts);
  const { status, problem, detail } = useShare();
  if (status !== 'error' || !problem) return null;
  return (
    <div className="share-error" role="alert" data-testid="share-error" data-problem={problem}>
      <span>
        {t('linkError')}: {t(`problem.${problem}`)}.
      </span>
      {detail && <code className="share-error-detail">{detail}</code>}
      <button onClick={() => useShare.setState({ status: 'idle', problem: undefined, detail: undefined })}>{t('dismiss')}</button>
    </div>
  );
}

export function ShareButton() {
  const t = useTexts(shareTexts);
  const status = useShare((s) => s.status);
  const [popover, setPopover] = useState<Popover>({ state: 'closed' });
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void openSharedLink(location.search, location.hash);
  }, []);

  const open = async () => {
    setPopover({ state: 'making' });
    try {
      setPopover({ state: 'ready', url: await currentLink() });
    } catch (error) {
      setPopover({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setPopover({ state: 'ready', url, copied: true });
    } catch {
      // No clipboard access (permissions, insecure context): leave the link selected for the user to copy.
      field.current?.select();
      setPopover({ state: 'ready', url, copied: false });
    }
  };

  return (
    <span className="share" data-share-status={status} data-testid="share">
      <button
        data-testid="share-link"
        title={t('shareTitle')}
        aria-expanded={popover.state !== 'closed'}
        data-url={popover.state === 'ready' ? popover.url : undefined}
        onClick={() => (popover.state === 'closed' ? void open() : setPopover({ state: 'closed' }))}
      >
        {t('share')}
      </button>
      {status === 'opening' || status === 'reproducing' ? (
        <span className="share-progress" data-testid="share-progress">
          {t(status)}
        </span>
      ) : null}
      {popover.state !== 'closed' && (
        <div className="share-popover" role="dialog" aria-label={t('shareTitle')}>
          <p className="share-hint">{t('shareTitle')}</p>
          {popover.state === 'making' && <p>{t('making')}</p>}
          {popover.state === 'failed' && (
            <p role="alert">
              {t('makeFailed')}: <code>{popover.message}</code>
            </p>
          )}
          {popover.state === 'ready' && (
            <>
              <label>
                {t('link')}
                <input ref={field} data-testid="share-url" readOnly value={popover.url} onFocus={(e) => e.target.select()} />
              </label>
              <div className="share-buttons">
                <button data-testid="share-copy" onClick={() => void copy(popover.url)}>
                  {t('copy')}
                </button>
                <button onClick={() => setPopover({ state: 'closed' })}>{t('close')}</button>
              </div>
              {popover.copied === true && <p className="share-note">{t('copied')}</p>}
              {popover.copied === false && <p className="share-note">{t('copyFailed')}</p>}
            </>
          )}
        </div>
      )}
      <LinkError />
    </span>
  );
}
