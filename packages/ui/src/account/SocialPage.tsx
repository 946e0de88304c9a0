// /account/social: the social accounts linked to the user, each with a way to unlink it, and the
// tenant's other providers to link (each change with proof of identity; see social-link.ts).
import { useState } from 'react';
import { FormError, Notice } from '../components/FormError.tsx';
import { socialConnectorsOf } from '../api/sign-in-experience.ts';
import { useAction } from '../flows/use-action.ts';
import { useLanguage, useTranslate } from '../i18n/index.ts';
import { useLocation } from '../router.ts';
import { useSettings } from '../settings.ts';
import { accountApi } from './api.ts';
import { AccountLayout, FieldOff } from './components.tsx';
import { useAccount, useControl } from './context.ts';
import { useIdentityProof } from './proof.tsx';
import { startSocialLink } from './social-link.ts';

const detailOf = (details: Record<string, unknown> | undefined) => {
  const value = details?.email ?? details?.name ?? details?.username;
  return typeof value === 'string' ? value : undefined;
};

export function SocialPage() {
  const t = useTranslate();
  const language = useLanguage();
  const settings = useSettings();
  const { account, reload } = useAccount();
  const control = useControl('social');
  const proof = useIdentityProof();
  const action = useAction();
  const [removing, setRemoving] = useState<string | undefined>();
  const { searchParams } = useLocation();
  const title = t('account.social.title');
  if (control === 'Off') return <FieldOff title={title} />;

  const nameOf = (target: string) => {
    const name = socialConnectorsOf(settings).find((connector) => connector.target === target)?.name;
    if (typeof name === 'string') return name;
    return name?.[language] ?? name?.en ?? target;
  };
  const identities = Object.entries(account.identities ?? {});
  const linkable = socialConnectorsOf(settings).filter(({ target }) => !Object.hasOwn(account.identities ?? {}, target));
  const linked = searchParams.get('done') === 'linked';

  return (
    <AccountLayout title={title}>
      <Notice message={linked ? t('account.social.linked') : undefined} />
      {identities.length === 0 ? <p>{t('account.social.none')}</p> : null}
      <ul className="account-items">
        {identities.map(([target, identity]) => (
          <li key={target} className="account-item">
            <span className="account-item-text">
              <span>{nameOf(target)}</span>
              <span className="account-item-detail">{detailOf(identity.details) ?? identity.userId}</span>
            </span>
            {control === 'Edit' ? (
              <button
                type="button"
                className="button link"
                aria-busy={removing === target || undefined}
                aria-label={t('account.social.unlink_named', { name: nameOf(target) })}
                onClick={() => {
                  setRemoving(target);
                  void action
                    .run(async () => {
                      await proof.forWrite((id) => accountApi.unlinkIdentity(target, id));
                      await reload();
                    })
                    .finally(() => setRemoving(undefined));
                }}
              >
                {t('account.social.unlink')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {control === 'Edit' && linkable.length > 0 ? (
        <>
          <h2 className="account-section">{t('account.social.link_more')}</h2>
          <div className="stack">
            {linkable.map((connector) => (
              <button
                key={connector.id}
                type="button"
                className="button secondary"
                onClick={() =>
                  void action.run(async () => {
                    // Who the user is is proven before leaving; the link on return spends the record.
                    await startSocialLink(connector.id, await proof.forRead());
                  })
                }
              >
                {t('account.social.link_named', { name: nameOf(connector.target) })}
              </button>
            ))}
          </div>
        </>
      ) : null}
      <FormError id="social-error" message={action.error} />
      {proof.dialog}
    </AccountLayout>
  );
}
