import { useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { describedBy, Field } from '../../components/Field.tsx';
import { type Form, mfaFactors, mfaPolicies } from './form-model.ts';

type NumberName = 'passwordMin' | 'passwordMax' | 'characterTypes' | 'maxAttempts' | 'attemptWindow' | 'lockoutDuration';

/** An integer input with the API's own bounds checked before sending. */
function NumberField({ name, label, min, max }: { name: NumberName; label: string; min: number; max: number }) {
  const { t } = useTranslation();
  const { register, formState } = useFormContext<Form>();
  const error = formState.errors[name];
  const id = `sie-${name}`;
  return (
    <Field id={id} label={label} error={error}>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy(id, error)}
        {...register(name, {
          validate: (value) => {
            const number = Number(value);
            return (/^\d+$/.test(value) && number >= min && number <= max) || t('sign_in_experience.between', { min, max });
          },
        })}
      />
    </Field>
  );
}

/** Password policy, 2-step verification and the lockout after failed attempts. */
export function PoliciesSection() {
  const { t } = useTranslation();
  const { register } = useFormContext<Form>();
  return (
    <>
      <section className="card" aria-labelledby="sie-password">
        <h2 id="sie-password">{t('sign_in_experience.password_policy')}</h2>
        <NumberField name="passwordMin" label={t('sign_in_experience.password_min')} min={1} max={256} />
        <NumberField name="passwordMax" label={t('sign_in_experience.password_max')} min={1} max={256} />
        <NumberField name="characterTypes" label={t('sign_in_experience.character_types')} min={1} max={4} />
        <label className="checkbox">
          <input type="checkbox" {...register('rejectPwned')} />
          {t('sign_in_experience.reject_pwned')}
        </label>
        <label className="checkbox">
          <input type="checkbox" {...register('rejectRepetition')} />
          {t('sign_in_experience.reject_repetition')}
        </label>
        <label className="checkbox">
          <input type="checkbox" {...register('rejectUserInfo')} />
          {t('sign_in_experience.reject_user_info')}
        </label>
        <Field id="sie-reject-words" label={t('sign_in_experience.reject_words')} hint={t('sign_in_experience.one_per_line')}>
          <textarea id="sie-reject-words" rows={3} aria-describedby="sie-reject-words-hint" {...register('rejectWords')} />
        </Field>
      </section>
      <section className="card" aria-labelledby="sie-mfa">
        <h2 id="sie-mfa">{t('sign_in_experience.mfa')}</h2>
        <Field id="sie-mfa-policy" label={t('sign_in_experience.mfa_policy')}>
          <select id="sie-mfa-policy" {...register('mfaPolicy')}>
            {mfaPolicies.map((policy) => (
              <option key={policy} value={policy}>
                {t(`sign_in_experience.mfa_policies.${policy}`)}
              </option>
            ))}
          </select>
        </Field>
        <fieldset>
          <legend>{t('sign_in_experience.mfa_factors')}</legend>
          {mfaFactors.map((factor) => (
            <label key={factor} className="checkbox">
              <input type="checkbox" {...register(`mfaFactors.${factor}`)} />
              {t(`sign_in_experience.factors.${factor}`)}
            </label>
          ))}
        </fieldset>
      </section>
      <section className="card" aria-labelledby="sie-lockout">
        <h2 id="sie-lockout">{t('sign_in_experience.lockout')}</h2>
        <p className="muted">{t('sign_in_experience.lockout_text')}</p>
        <NumberField name="maxAttempts" label={t('sign_in_experience.max_attempts')} min={1} max={10_000} />
        <NumberField name="attemptWindow" label={t('sign_in_experience.attempt_window')} min={1} max={60 * 24} />
        <NumberField name="lockoutDuration" label={t('sign_in_experience.lockout_duration')} min={1} max={60 * 24 * 365} />
      </section>
    </>
  );
}
