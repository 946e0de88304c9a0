// /account/sessions: the browsers the user is signed in on and the apps they authorized. Seeing
// them takes proof of identity (as in Logto): the first change reuses that record and spends it,
// so the change after asks again.
import { useState } from 'react';
import { FormError } from '../components/FormError.tsx';
import { useAction } from '../flows/use-action.ts';
import { useOnMount } from '../flows/use-mfa-state.ts';
import { useLanguage, useTranslate } from '../i18n/index.ts';
import { accountApi, type AccountGrant, type AccountSession } from './api.ts';
import { accountCenterAppId } from './client.ts';
import { AccountLayout, FieldOff } from './components.tsx';
import { useControl } from './context.ts';
import { useIdentityProof } from './proof.tsx';

type Lists = { sessions: AccountSession[]; grants: AccountGrant[] };

const grantIdsOf = (session: AccountSession) =>
  new Set(Object.values(session.payload.authorizations ?? {}).flatMap(({ grantId }) => (grantId ? [grantId] : [])));

export function SessionsPage() {
  const t = useTranslate();
  const language = useLanguage();
  const control = useControl('session');
  const proof = useIdentityProof();
  const loader = useAction();
  const action = useAction();
  const [lists, setLists] = useState<Lists | undefined>();
  const title = t('account.sessions.title');

  const load = () => {
    void loader.run(async () => {
      const id = await proof.forRead();
      const [{ sessions }, { grants }] = await Promise.all([accountApi.sessions(id), accountApi.grants(id)]);
      setLists({ sessions, grants });
    });
  };
  useOnMount(() => {
    if (control !== 'Off') load();
  });
  if (control === 'Off') return <FieldOff title={title} />;

  const time = (milliseconds: number) => new Date(milliseconds).toLocaleString(language);
  const end = (task: (proof: string) => Promise<void>, after: (lists: Lists) => Lists) =>
    void action.run(async () => {
      await proof.forWrite(task);
      setLists((current) => (current ? after(current) : current));
    });

  return (
    <AccountLayout title={title}>
      {lists ? (
        <>
          <h2 className="account-section">{t('account.sessions.devices')}</h2>
          <ul className="account-items">
            {lists.sessions.map((session) => (
              <li key={session.payload.uid} className="account-item">
                <span className="account-item-text">
                  <span>{session.isCurrent ? t('account.sessions.current') : t('account.sessions.other')}</span>
                  <span className="account-item-detail">
                    {session.payload.loginTs ? t('account.sessions.signed_in_at', { time: time(session.payload.loginTs * 1000) }) : null}
                  </span>
                </span>
                {control === 'Edit' && !session.isCurrent ? (
                  <button
                    type="button"
                    className="button link"
                    onClick={() =>
                      end(
                        (id) => accountApi.endSession(session.payload.uid, id),
                        // Ending a session also revokes the grants of the apps signed in through it.
                        (current) => ({
                          sessions: current.sessions.filter((item) => item !== session),
                          grants: current.grants.filter(({ id }) => !grantIdsOf(session).has(id)),
                        }),
                      )
                    }
                  >
                    {t('account.sessions.end')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          <h2 className="account-section">{t('account.sessions.apps')}</h2>
          {lists.grants.length === 0 ? <p>{t('account.sessions.no_apps')}</p> : null}
          <ul className="account-items">
            {lists.grants.map((grant) => (
              <li key={grant.id} className="account-item">
                <span className="account-item-text">
                  <span>{grant.application.name}</span>
                  <span className="account-item-detail">{t('account.sessions.expires_at', { time: time(grant.expiresAt) })}</span>
                </span>
                {/* Revoking this app's own grant would end the page's access: sign out instead. */}
                {control === 'Edit' && grant.payload.clientId !== accountCenterAppId ? (
                  <button
                    type="button"
                    className="button link"
                    aria-label={t('account.sessions.revoke_named', { name: grant.application.name })}
                    onClick={() =>
                      end(
                        (id) => accountApi.revokeGrant(grant.id, id),
                        (current) => ({ ...current, grants: current.grants.filter((item) => item !== grant) }),
                      )
                    }
                  >
                    {t('account.sessions.revoke')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          <FormError id="sessions-error" message={action.error} />
        </>
      ) : loader.busy ? (
        <p aria-busy="true">{t('app.loading')}</p>
      ) : (
        <>
          <p>{t('account.sessions.verify_first')}</p>
          <FormError id="sessions-load-error" message={loader.error} />
          <button type="button" className="button primary" onClick={load}>
            {t('button.continue')}
          </button>
        </>
      )}
      {proof.dialog}
    </AccountLayout>
  );
}
