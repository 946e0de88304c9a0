import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserMfaVerificationResponse } from '@idp/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

/** The user's MFA factors; removing one is confirmed. */
export function UserMfa({ userId }: { userId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['user-mfa', userId];
  const [removing, setRemoving] = useState<UserMfaVerificationResponse>();
  const factors = useQuery({
    queryKey: key,
    queryFn: () => api.get<UserMfaVerificationResponse[]>(`/api/users/${userId}/mfa-verifications`),
  });
  const label = (factor: UserMfaVerificationResponse) => factor.name ?? t(`users.mfa_types.${factor.type}`);

  return (
    <section className="card" aria-labelledby="user-mfa-title">
      <h2 id="user-mfa-title">{t('users.mfa')}</h2>
      {factors.isError ? (
        <p role="alert" className="error">
          {errorMessage(factors.error)}
        </p>
      ) : null}
      <ul className="rows">
        {(factors.data ?? []).map((factor) => (
          <li key={factor.id}>
            <strong>{label(factor)}</strong>
            <span className="muted">
              {new Date(factor.createdAt).toLocaleString(i18n.language)}
              {factor.remainCodes === undefined ? '' : ` · ${t('users.mfa_remaining', { count: factor.remainCodes })}`}
            </span>
            <button
              type="button"
              className="danger"
              aria-label={t('users.remove_mfa', { name: label(factor) })}
              onClick={() => setRemoving(factor)}
            >
              {t('common.remove')}
            </button>
          </li>
        ))}
        {factors.data?.length === 0 ? <li className="muted">{t('users.no_mfa')}</li> : null}
      </ul>
      <ConfirmDialog
        open={removing !== undefined}
        onOpenChange={(open) => (open ? undefined : setRemoving(undefined))}
        title={t('users.remove_mfa_title')}
        message={t('users.remove_mfa_text', { name: removing ? label(removing) : '' })}
        actionLabel={t('common.remove')}
        onConfirm={async () => {
          if (!removing) return;
          await api.delete(`/api/users/${userId}/mfa-verifications/${removing.id}`);
          await queryClient.invalidateQueries({ queryKey: key });
        }}
      />
    </section>
  );
}
