import { useQueryClient } from '@tanstack/react-query';
import type { UserResponse } from '@idp/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

/** Social accounts linked to the user, by connector target; unlinking is confirmed. */
export function UserIdentities({ user }: { user: UserResponse }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [unlinking, setUnlinking] = useState<string>();
  const identities = Object.entries(user.identities);

  return (
    <section className="card" aria-labelledby="user-identities-title">
      <h2 id="user-identities-title">{t('users.identities')}</h2>
      <ul className="rows">
        {identities.map(([target, identity]) => (
          <li key={target}>
            <strong>{target}</strong>
            <code>{identity.userId}</code>
            <button
              type="button"
              className="danger"
              aria-label={t('users.unlink_named', { name: target })}
              onClick={() => setUnlinking(target)}
            >
              {t('users.unlink')}
            </button>
          </li>
        ))}
        {identities.length === 0 ? <li className="muted">{t('users.no_identities')}</li> : null}
      </ul>
      <ConfirmDialog
        open={unlinking !== undefined}
        onOpenChange={(open) => (open ? undefined : setUnlinking(undefined))}
        title={t('users.unlink_title')}
        message={t('users.unlink_text', { name: unlinking ?? '' })}
        actionLabel={t('users.unlink')}
        onConfirm={async () => {
          if (!unlinking) return;
          await api.delete(`/api/users/${user.id}/identities/${encodeURIComponent(unlinking)}`);
          await queryClient.invalidateQueries({ queryKey: ['user', user.id] });
        }}
      />
    </section>
  );
}
