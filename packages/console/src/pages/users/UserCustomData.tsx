import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserResponse } from '@idp/schemas';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { describedBy, Field } from '../../components/Field.tsx';
import { showApiError } from '../../components/form.ts';
import { discardEdits, keepEdits } from '../../components/form-reset.ts';

type Form = { customData: string };
const formOf = (user: UserResponse): Form => ({ customData: JSON.stringify(user.customData, null, 2) });

/** The user's custom data as JSON, checked before it is sent; saving replaces the whole object. */
export function UserCustomData({ user }: { user: UserResponse }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { register, handleSubmit, reset, setError, formState } = useForm<Form>({ values: formOf(user), resetOptions: keepEdits });
  const { errors, isDirty } = formState;
  const save = useMutation({
    mutationFn: (customData: Record<string, unknown>) => api.patch<UserResponse>(`/api/users/${user.id}`, { customData }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['user', user.id], saved);
      reset(formOf(saved), discardEdits);
      toast.success(t('common.saved'));
    },
    onError: (error) => showApiError(error, setError, ['customData']),
  });
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (error) {
      return new SyntaxError(errorMessage(error));
    }
  };
  const validate = (text: string) => {
    const value = parse(text);
    if (value instanceof SyntaxError) return t('users.custom_data_invalid', { message: value.message });
    return (typeof value === 'object' && value !== null && !Array.isArray(value)) || t('users.custom_data_object');
  };

  return (
    <form
      className="card"
      noValidate
      aria-labelledby="user-custom-data-title"
      onSubmit={handleSubmit(({ customData }) => save.mutate(JSON.parse(customData) as Record<string, unknown>))}
    >
      <h2 id="user-custom-data-title">{t('users.custom_data')}</h2>
      <Field id="user-custom-data" label={t('users.custom_data')} hint={t('users.custom_data_hint')} error={errors.customData}>
        <textarea
          id="user-custom-data"
          rows={8}
          spellCheck={false}
          className="code"
          aria-invalid={Boolean(errors.customData)}
          aria-describedby={describedBy('user-custom-data', errors.customData) ?? 'user-custom-data-hint'}
          {...register('customData', { validate })}
        />
      </Field>
      {errors.root?.server ? (
        <p role="alert" className="error">
          {errors.root.server.message}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={!isDirty || save.isPending}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
