import { useMutation } from '@tanstack/react-query';
import type { ScopeResponse, UpdateScopeBody } from '@idp/schemas';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useApi } from '../../api/use-api.ts';
import { Field } from '../../components/Field.tsx';
import { showApiError } from '../../components/form.ts';
import { Modal } from '../../components/Modal.tsx';

type Form = { description: string };

/** A permission's description, changed with PATCH /api/resources/:resourceId/scopes/:scopeId. */
export function EditPermissionDialog({
  resourceId,
  scope,
  onClose,
  onSaved,
}: {
  resourceId: string;
  scope: ScopeResponse | undefined;
  onClose: () => void;
  onSaved: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { register, handleSubmit, setError, formState } = useForm<Form>({ values: { description: scope?.description ?? '' } });
  const save = useMutation({
    mutationFn: (body: UpdateScopeBody) => api.patch<ScopeResponse>(`/api/resources/${resourceId}/scopes/${scope?.id}`, body),
    onSuccess: async () => {
      await onSaved();
      toast.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showApiError(error, setError, ['description']),
  });
  const { errors } = formState;
  return (
    <Modal
      open={scope !== undefined}
      onOpenChange={(open) => !open && onClose()}
      title={t('resources.permission_edit_title', { name: scope?.name })}
    >
      <form noValidate onSubmit={handleSubmit(({ description }) => save.mutate({ description: description.trim() || null }))}>
        <Field id="permission-edit-description" label={t('resources.permission_description')} error={errors.description}>
          <input id="permission-edit-description" {...register('description')} />
        </Field>
        {errors.root?.server ? (
          <p role="alert" className="error">
            {errors.root.server.message}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" disabled={save.isPending}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
