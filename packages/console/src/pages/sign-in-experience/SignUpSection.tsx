import { useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { type Form, identifiers } from './form-model.ts';

/** Which identifiers register and sign in, and with which credential. */
export function SignUpSection() {
  const { t } = useTranslation();
  const { register, watch } = useFormContext<Form>();
  const methods = watch('signInMethods');

  return (
    <section className="card" aria-labelledby="sie-sign-up">
      <h2 id="sie-sign-up">{t('sign_in_experience.sign_up_and_sign_in')}</h2>
      <fieldset>
        <legend>{t('sign_in_experience.sign_up_identifiers')}</legend>
        {identifiers.map((name) => (
          <label key={name} className="checkbox">
            <input type="checkbox" {...register(`signUpIdentifiers.${name}`)} />
            {t(`sign_in_experience.identifiers.${name}`)}
          </label>
        ))}
        <label className="checkbox">
          <input type="checkbox" {...register('signUpPassword')} />
          {t('sign_in_experience.sign_up_password')}
        </label>
        <label className="checkbox">
          <input type="checkbox" {...register('signUpVerify')} />
          {t('sign_in_experience.sign_up_verify')}
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('sign_in_experience.sign_in_methods')}</legend>
        {identifiers.map((name) => (
          <div key={name} className="row">
            <label className="checkbox">
              <input type="checkbox" {...register(`signInMethods.${name}.enabled`)} />
              {t(`sign_in_experience.identifiers.${name}`)}
            </label>
            {methods[name].enabled ? (
              <>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    aria-label={t('sign_in_experience.method_password', { identifier: t(`sign_in_experience.identifiers.${name}`) })}
                    {...register(`signInMethods.${name}.password`)}
                  />
                  {t('sign_in_experience.password')}
                </label>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    aria-label={t('sign_in_experience.method_code', { identifier: t(`sign_in_experience.identifiers.${name}`) })}
                    {...register(`signInMethods.${name}.verificationCode`)}
                  />
                  {t('sign_in_experience.verification_code')}
                </label>
              </>
            ) : null}
          </div>
        ))}
      </fieldset>
    </section>
  );
}
