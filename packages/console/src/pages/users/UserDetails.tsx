import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserResponse } from '@idp/schemas';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { CopyField } from '../../components/CopyField.tsx';
import { userLabel } from './password.ts';
import { UserActions } from './UserActions.tsx';
import { UserCustomData } from './UserCustomData.tsx';
import { UserIdentities } from './UserIdentities.tsx';
import { UserLogs } from './UserLogs.tsx';
import { UserMfa } from './UserMfa.tsx';
import { UserProfile } from './UserProfile.tsx';
import { UserRoles } from './UserRoles.tsx';

export function UserDetails() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const user = useQuery({ queryKey: ['user', id], queryFn: () => api.get<UserResponse>(`/api/users/${id}`) });
  if (user.isError)
    return (
      <p role="alert" className="error">
        {errorMessage(user.error)}
      </p>
    );
  if (!user.data) return <p className="muted">{t('common.loading')}</p>;
  const data = user.data;
  const date = (ms: number | null) => (ms === null ? t('users.never') : new Date(ms).toLocaleString(i18n.language));
  return (
    <section aria-labelledby="user-title">
      <Link to="/users">{t('users.back')}</Link>
      <div className="page-header">
        <div>
          <h1 id="user-title">
            {userLabel(data)}
            {data.isSuspended ? <span className="badge">{t('users.suspended')}</span> : null}
          </h1>
          <p className="muted">
            {t('users.created_at')}: {date(data.createdAt)} · {t('users.last_sign_in')}: {date(data.lastSignInAt)}
          </p>
        </div>
        <UserActions
          user={data}
          onChanged={(saved) => {
            if (saved) queryClient.setQueryData(['user', id], saved);
          }}
        />
      </div>
      <div className="card">
        <CopyField label={t('users.id')} value={data.id} testId="user-id" />
      </div>
      <UserProfile user={data} />
      <UserCustomData user={data} />
      <UserRoles userId={id} />
      <UserMfa userId={id} />
      <UserIdentities user={data} />
      <UserLogs userId={id} />
    </section>
  );
}
