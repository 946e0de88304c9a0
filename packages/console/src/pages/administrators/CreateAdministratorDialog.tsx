import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateUserBody, UserResponse } from '@idp/schemas';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useApi } from '../../api/use-api.ts';
import { CopyField } from '../../components/CopyField.tsx';
import { Modal } from '../../components/Modal.tsx';
import { emptyNewUser, filledFields, newUserInput, type NewUserForm } from '../users/new-user-form.tsx';
import { generatePassword, userLabel } from '../users/password.ts';
import { showUserError } from '../users/user-errors.ts';
import { grantAdministratorRoles } from './administrator-roles.ts';

// primaryPhone is never asked for (administrators sign in by username or email); showUserError's type wants it.
type Form = NewUserForm;
const empty = emptyNewUser;
const fields = ['username', 'primaryEmail', 'name'] as const;

type Props = { open: boolean; onOpenChange: (open: boolean) => void };

/**
 * A new administrator: an admin tenant user with a generated password (shown once) and the
 * administrator roles. The admin tenant sends no email and signs in by username (as Logto's does),
 * so a username is required, an email address optional, and the password handed over by hand.
 */
export function CreateAdministratorDialog({ open, onOpenChange }: Props) {
  const { t } = useTranslation();
  const api = useApi('admin');
  const queryClient = useQueryClient();
  const [password, setPassword] = useState<string>();
  const { register, handleSubmit, reset, setError, formState } = useForm<Form>({ defaultValues: empty });
  const { errors } = formState;
  const create = useMutation({
    mutationFn: async (body: CreateUserBody) => {
      const user = await api.post<UserResponse>('/api/users', body);
      await grantAdministratorRoles(api, user.id);
      return user;
    },
    onSuccess: async (user, body) => {
      await queryClient.invalidateQueries({ queryKey: ['administrators'] });
      toast.success(t('administrators.created', { name: userLabel(user) }));
      reset(empty);
      onOpenChange(false);
      setPassword(body.password);
    },
    onError: (error) => showUserError(error, setError, [...fields]),
  });
  const input = newUserInput('administrator', register, errors);

  return (
    <>
      <Modal open={open} onOpenChange={onOpenChange} title={t('administrators.create_title')} description={t('administrators.create_text')}>
        <form
          noValidate
          onSubmit={handleSubmit((values) => {
            const body = filledFields(values, fields);
            if (!body.username) {
              setError('username', { type: 'required', message: t('administrators.username_required') });
              return;
            }
            create.mutate({ ...body, password: generatePassword() });
          })}
        >
          {input('username', t('administrators.username'))}
          {input('primaryEmail', t('administrators.email'), 'email')}
          {input('name', t('administrators.name'))}
          {errors.root?.server ? (
            <p role="alert" className="error">
              {errors.root.server.message}
            </p>
          ) : null}
          <div className="actions">
            <button type="button" className="secondary" onClick={() => onOpenChange(false)}>
              {t('common.cancel')}
            </button>
            <button type="submit" disabled={create.isPending}>
              {t('administrators.create_action')}
            </button>
          </div>
        </form>
      </Modal>
      <Modal
        open={password !== undefined}
        onOpenChange={(next) => (next ? undefined : setPassword(undefined))}
        title={t('administrators.password_title')}
        description={t('administrators.password_text')}
      >
        <CopyField label={t('users.password')} value={password ?? ''} testId="generated-password" />
        <div className="actions">
          <button type="button" onClick={() => setPassword(undefined)}>
            {t('users.done')}
          </button>
        </div>
      </Modal>
    </>
  );
}
