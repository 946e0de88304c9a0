import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AccountCenter,
  AccountCenterControlValue,
  AccountCenterFieldName,
  AccountCenterFields,
  UpdateAccountCenterBody,
} from '@idp/schemas';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { showApiError } from '../../components/form.ts';
import { discardEdits, keepEdits } from '../../components/form-reset.ts';

// The schema package's lists, repeated as types-only checks: importing its values would bundle typebox.
const accountCenterFieldNames = [
  'name',
  'avatar',
  'profile',
  'email',
  'phone',
  'password',
  'username',
  'social',
  'customData',
  'mfa',
  'session',
] as const satisfies readonly AccountCenterFieldName[];
const accountCenterControlValues = ['Off', 'ReadOnly', 'Edit'] as const satisfies readonly AccountCenterControlValue[];

type Form = { enabled: boolean; fields: Required<AccountCenterFields> };

const formOf = (settings: AccountCenter): Form => ({
  enabled: settings.enabled,
  fields: Object.fromEntries(
    accountCenterFieldNames.map((name) => [name, settings.fields[name] ?? 'Off']),
  ) as Required<AccountCenterFields>,
});

/** Whether end users may use the Account API, and per field whether they may see or change it. */
export function AccountCenterCard() {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['account-center'], queryFn: () => api.get<AccountCenter>('/api/account-center') });
  const { register, handleSubmit, reset, setError, formState } = useForm<Form>({
    values: settings.data && formOf(settings.data),
    resetOptions: keepEdits,
  });
  const save = useMutation({
    mutationFn: (body: UpdateAccountCenterBody) => api.patch<AccountCenter>('/api/account-center', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(['account-center'], saved);
      reset(formOf(saved), discardEdits);
      toast.success(t('common.saved'));
    },
    onError: (error) => showApiError(error, setError, []),
  });
  if (settings.isError)
    return (
      <p role="alert" className="error">
        {errorMessage(settings.error)}
      </p>
    );
  if (!settings.data) return <p className="muted">{t('common.loading')}</p>;

  return (
    <form className="card" noValidate aria-labelledby="sie-account-center" onSubmit={handleSubmit((form) => save.mutate(form))}>
      <h2 id="sie-account-center">{t('sign_in_experience.account_center')}</h2>
      <label className="checkbox">
        <input type="checkbox" {...register('enabled')} />
        {t('sign_in_experience.account_center_enabled')}
      </label>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('sign_in_experience.field')}</th>
            <th scope="col">{t('sign_in_experience.permission')}</th>
          </tr>
        </thead>
        <tbody>
          {accountCenterFieldNames.map((name) => (
            <tr key={name}>
              <th scope="row">
                <label htmlFor={`sie-ac-${name}`}>{t(`sign_in_experience.account_fields.${name}`)}</label>
              </th>
              <td>
                <select id={`sie-ac-${name}`} {...register(`fields.${name}`)}>
                  {accountCenterControlValues.map((value) => (
                    <option key={value} value={value}>
                      {t(`sign_in_experience.controls.${value}`)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {formState.errors.root?.server ? (
        <p role="alert" className="error">
          {formState.errors.root.server.message}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={!formState.isDirty || save.isPending}>
          {t('sign_in_experience.save_account_center')}
        </button>
      </div>
    </form>
  );
}
