// The signed-in administrator's own account, on Logto's Me API (the admin endpoint, a token for
// `https://admin.logto.app/me`): name, username and avatar, and a password change that first
// verifies the current password, as the API requires.
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { useMe } from '../administrators/use-me.ts';
import { PasswordForm } from './PasswordForm.tsx';
import { ProfileForm } from './ProfileForm.tsx';

export function Profile() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <section aria-labelledby="profile-title">
      <div className="page-header">
        <div>
          <h1 id="profile-title">{t('profile.title')}</h1>
          <p className="muted">{t('profile.subtitle')}</p>
        </div>
      </div>
      {me.isError ? (
        <p role="alert" className="error">
          {errorMessage(me.error)}
        </p>
      ) : null}
      {me.data ? (
        <>
          <ProfileForm me={me.data} />
          <PasswordForm />
        </>
      ) : me.isLoading ? (
        <p className="muted">{t('common.loading')}</p>
      ) : null}
    </section>
  );
}
