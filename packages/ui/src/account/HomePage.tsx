// /account: who the user is (name, avatar, username), how they sign in (email, phone, password),
// and the ways to their social accounts, 2-step verification and sessions, as the settings allow.
import { Link } from '../components/Link.tsx';
import { Notice } from '../components/FormError.tsx';
import { Layout } from '../components/Layout.tsx';
import { useTranslate } from '../i18n/index.ts';
import { useLocation } from '../router.ts';
import { accountApi } from './api.ts';
import { AvatarUpload } from './AvatarUpload.tsx';
import { accountBasePath, signOutOfAccount } from './client.ts';
import { ValueRow } from './components.tsx';
import { controlOf, useAccount } from './context.ts';
import { EditableValue } from './EditableValue.tsx';
import { useIdentityProof } from './proof.tsx';

/** A notice the page that sent the user here asked for (`?done=password`). */
const doneNotices = {
  email: 'account.done.email',
  phone: 'account.done.phone',
  password: 'account.done.password',
} as const;

export function HomePage() {
  const t = useTranslate();
  const { settings, account, setAccount } = useAccount();
  const proof = useIdentityProof();
  const { searchParams } = useLocation();
  const control = (field: Parameters<typeof controlOf>[1]) => controlOf(settings, field);
  const done = searchParams.get('done');
  const notice = done && done in doneNotices ? t(doneNotices[done as keyof typeof doneNotices]) : undefined;

  const links = [
    { field: 'social', to: '/social', label: t('account.social.title') },
    { field: 'mfa', to: '/mfa', label: t('account.mfa.title') },
    { field: 'session', to: '/sessions', label: t('account.sessions.title') },
  ] as const;

  return (
    <Layout title={t('account.title')} subtitle={t('account.subtitle')}>
      <Notice message={notice} />
      {account.avatar && control('avatar') !== 'Off' ? <img className="account-avatar" src={account.avatar} alt="" /> : null}
      <h2 className="account-section">{t('account.section.profile')}</h2>
      <dl className="account-list">
        <EditableValue
          label={t('account.field.name')}
          value={account.name}
          control={control('name')}
          autoComplete="name"
          onSave={async (name) => setAccount(await accountApi.update({ name }))}
        />
        <EditableValue
          label={t('account.field.avatar')}
          value={account.avatar}
          control={control('avatar')}
          type="url"
          onSave={async (avatar) => setAccount(await accountApi.update({ avatar }))}
        />
        <EditableValue
          label={t('field.username')}
          value={account.username}
          control={control('username')}
          autoComplete="username"
          // A username is a sign-in identifier: changing it needs proof of identity.
          onSave={async (username) => setAccount(await proof.forWrite((id) => accountApi.update({ username }, id)))}
        />
      </dl>
      {control('avatar') === 'Edit' ? <AvatarUpload onChange={setAccount} /> : null}

      <h2 className="account-section">{t('account.section.sign_in')}</h2>
      <dl className="account-list">
        {(['email', 'phone'] as const).map((type) =>
          control(type) === 'Off' ? null : (
            <ValueRow
              key={type}
              label={t(type === 'email' ? 'field.email' : 'field.phone')}
              value={(type === 'email' ? account.primaryEmail : account.primaryPhone) || t('account.not_set')}
            >
              {control(type) === 'Edit' ? (
                <Link to={`${accountBasePath}/${type}`} aria-label={t('account.button.change_field', { field: t(`field.${type}`) })}>
                  {t('account.button.change')}
                </Link>
              ) : null}
            </ValueRow>
          ),
        )}
        {control('password') === 'Off' ? null : (
          <ValueRow label={t('field.password')} value={account.hasPassword === false ? t('account.not_set') : '••••••••'}>
            {control('password') === 'Edit' ? (
              <Link to={`${accountBasePath}/password`} aria-label={t('account.button.change_field', { field: t('field.password') })}>
                {t('account.button.change')}
              </Link>
            ) : null}
          </ValueRow>
        )}
      </dl>

      <ul className="choice-list">
        {links
          .filter(({ field }) => control(field) !== 'Off')
          .map(({ to, label }) => (
            <li key={to}>
              <Link to={`${accountBasePath}${to}`} className="choice">
                <span className="choice-name">{label}</span>
              </Link>
            </li>
          ))}
      </ul>

      <div className="secondary-actions">
        <button type="button" className="button secondary" onClick={() => void signOutOfAccount()}>
          {t('account.button.sign_out')}
        </button>
      </div>
      {proof.dialog}
    </Layout>
  );
}
