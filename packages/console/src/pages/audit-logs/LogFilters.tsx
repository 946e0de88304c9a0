import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { describedBy, Field } from '../../components/Field.tsx';

export type LogFilter = { logKey: string; userId: string; applicationId: string; from: string; to: string };
export const emptyFilter: LogFilter = { logKey: '', userId: '', applicationId: '', from: '', to: '' };

/** `datetime-local` text (the browser's time zone) as epoch milliseconds, as /api/logs takes it. */
export const toEpoch = (local: string) => (local ? String(new Date(local).getTime()) : undefined);

type Props = { value: LogFilter; onApply: (filter: LogFilter) => void };

/** The audit log's filters: event key, user, application and a time range. */
export function LogFilters({ value, onApply }: Props) {
  const { t } = useTranslation();
  const { register, handleSubmit, reset, formState } = useForm<LogFilter>({ values: value });
  const { errors } = formState;
  const text = (name: 'logKey' | 'userId' | 'applicationId', label: string, hint?: string) => (
    <Field id={`logs-${name}`} label={label} hint={hint}>
      <input
        id={`logs-${name}`}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={hint ? `logs-${name}-hint` : undefined}
        {...register(name, { setValueAs: (entered: string) => entered.trim() })}
      />
    </Field>
  );

  return (
    <form className="card" aria-label={t('audit_logs.filters')} noValidate onSubmit={handleSubmit(onApply)}>
      <div className="inline">
        {text('logKey', t('audit_logs.event'), t('audit_logs.event_hint'))}
        {text('userId', t('audit_logs.user_id'))}
        {text('applicationId', t('audit_logs.application_id'))}
      </div>
      <div className="inline">
        <Field id="logs-from" label={t('audit_logs.from')} error={errors.from}>
          <input
            id="logs-from"
            type="datetime-local"
            aria-invalid={Boolean(errors.from)}
            aria-describedby={describedBy('logs-from', errors.from)}
            {...register('from', {
              validate: (from, { to }) => !from || !to || new Date(from) <= new Date(to) || t('audit_logs.time_range_invalid'),
            })}
          />
        </Field>
        <Field id="logs-to" label={t('audit_logs.to')}>
          <input id="logs-to" type="datetime-local" {...register('to')} />
        </Field>
      </div>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            reset(emptyFilter);
            onApply(emptyFilter);
          }}
        >
          {t('audit_logs.reset')}
        </button>
        <button type="submit">{t('audit_logs.apply')}</button>
      </div>
    </form>
  );
}
