// What a page shows while what it needs from the server (a new secret, new codes) is on its way,
// and when it failed: the error with a way to ask again.
import { useId } from 'react';
import type { Action } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';
import { FormError } from './FormError.tsx';

type Props = { loader: Action; onRetry: () => void };

export function LoadingOrRetry({ loader, onRetry }: Props) {
  const t = useTranslate();
  const errorId = useId();
  return (
    <div className="stack">
      {loader.busy || !loader.error ? <p aria-busy="true">{t('app.loading')}</p> : null}
      <FormError id={errorId} message={loader.error} />
      {loader.error ? (
        <button type="button" className="button primary" onClick={onRetry}>
          {t('page.error.retry')}
        </button>
      ) : null}
    </div>
  );
}
