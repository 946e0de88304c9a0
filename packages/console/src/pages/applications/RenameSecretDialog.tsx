import { useMutation } from '@tanstack/react-query';
import type { ApplicationSecretResponse, CreateApplicationSecretBody } from '@idp/schemas';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useApi } from '../../api/use-api.ts';
import { describedBy, Field } from '../../components/Field.tsx';
import { showApiError } from '../../components/form.ts';
import { Modal } from '../../components/Modal.tsx';

type Form = Pick<CreateApplicationSecretBody, 'name'>;

/** PATCH /api/applications/:id/secrets/:name, which renames a secret (Logto's only change to one). */
export function RenameSecretDialog({
  applicationId,
  secret,
  onClose,
  onRenamed,
}: {
  applicationId: string;
  secret: ApplicationSecretResponse | undefined;
  onClose: () => void;
  onRenamed: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { register, handleSubmit, setError, formState } = useForm<Form>({ values: { name: secret?.name ?? '' } });
  const rename = useMutation({
    mutationFn: (body: Form) =>
      api.patch<ApplicationSecretResponse>(`/api/applications/${applicationId}/secrets/${encodeURIComponent(secret?.name ?? '')}`, body),
    onSuccess: async () => {
      await onRenamed();
      toast.success(t('applications.secret_renamed'));
      onClose();
    },
    onError: (error) => showApiError(error, setError, ['name']),
  });
  const { errors } = formState;
  return (
    <Modal
      open={secret !== undefined}
      onOpenChange={(open) => !open && onClose()}
      title={t('applications.secret_rename_title', { name: secret?.name })}
    >
      <form noValidate onSubmit={handleSubmit(({ name }) => rename.mutate({ name: name.trim() }))}>
        <Field id="secret-new-name" label={t('applications.secret_new_name')} error={errors.name}>
          <input
            id="secret-new-name"
            aria-invalid={Boolean(errors.name)}
            aria-describedby={describedBy('secret-new-name', errors.name)}
            {...register('name', { validate: (value) => value.trim().length > 0 || t('common.required') })}
          />
        </Field>
        {errors.root?.server ? (
          <p role="alert" className="error">
            {errors.root.server.message}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" disabled={rename.isPending}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
