import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserResponse } from '@idp/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { generatePassword, userLabel } from './password.ts';
import { PasswordDialog } from './PasswordDialog.tsx';

type Props = { user: UserResponse; onChanged: (saved?: UserResponse) => void };

/** Suspend or reactivate, reset the password (generated, shown once), delete: each confirmed but reactivation. */
export function UserActions({ user, onChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<'suspend' | 'reset' | 'delete'>();
  const [password, setPassword] = useState<string>();
  const name = userLabel(user);
  const close = (open: boolean) => (open ? undefined : setConfirming(undefined));

  const setSuspended = async (isSuspended: boolean) => {
    const saved = await api.patch<UserResponse>(`/api/users/${user.id}/is-suspended`, { isSuspended });
    onChanged(saved);
    void queryClient.invalidateQueries({ queryKey: ['users'] });
    toast.success(isSuspended ? t('users.suspended_notice') : t('users.reactivated_notice'));
  };
  const reactivate = useMutation({ mutationFn: () => setSuspended(false), onError: (error) => toast.error(errorMessage(error)) });

  return (
    <div className="actions">
      {user.isSuspended ? (
        <button type="button" className="secondary" disabled={reactivate.isPending} onClick={() => reactivate.mutate()}>
          {t('users.reactivate')}
        </button>
      ) : (
        <button type="button" className="secondary" onClick={() => setConfirming('suspend')}>
          {t('users.suspend')}
        </button>
      )}
      <button type="button" className="secondary" onClick={() => setConfirming('reset')}>
        {t('users.reset_password')}
      </button>
      <button type="button" className="danger" onClick={() => setConfirming('delete')}>
        {t('common.delete')}
      </button>
      <ConfirmDialog
        open={confirming === 'suspend'}
        onOpenChange={close}
        title={t('users.suspend_title', { name })}
        message={t('users.suspend_text')}
        actionLabel={t('users.suspend')}
        onConfirm={() => setSuspended(true)}
      />
      <ConfirmDialog
        open={confirming === 'reset'}
        onOpenChange={close}
        title={t('users.reset_title', { name })}
        message={t('users.reset_text')}
        actionLabel={t('users.reset_password')}
        onConfirm={async () => {
          const next = generatePassword();
          onChanged(await api.patch<UserResponse>(`/api/users/${user.id}/password`, { password: next }));
          setPassword(next);
        }}
      />
      <ConfirmDialog
        open={confirming === 'delete'}
        onOpenChange={close}
        title={t('users.delete_title')}
        message={t('users.delete_text', { name })}
        confirmText={name}
        actionLabel={t('common.delete')}
        onConfirm={async () => {
          await api.delete(`/api/users/${user.id}`);
          await queryClient.invalidateQueries({ queryKey: ['users'] });
          toast.success(t('users.deleted', { name }));
          navigate('/users', { replace: true });
        }}
      />
      <PasswordDialog password={password} onClose={() => setPassword(undefined)} />
    </div>
  );
}
