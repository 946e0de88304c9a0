import { useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { describedBy, Field } from '../../components/Field.tsx';
import type { Form } from './form-model.ts';

const hexColor = /^#[\da-f]{6}$/i;
const httpUrl = /^https?:\/\/\S+$/;

/** Colours (light and dark), logos, favicons and the custom CSS the sign-in page loads. */
export function BrandingSection() {
  const { t } = useTranslation();
  const { register, watch, formState } = useFormContext<Form>();
  const { errors } = formState;
  const colorRule = { validate: (value: string) => hexColor.test(value) || t('sign_in_experience.invalid_color') };
  const urlRule = { validate: (value: string) => !value.trim() || httpUrl.test(value.trim()) || t('sign_in_experience.invalid_url') };
  const urls = [
    ['logoUrl', 'logo_url'],
    ['darkLogoUrl', 'dark_logo_url'],
    ['favicon', 'favicon'],
    ['darkFavicon', 'dark_favicon'],
  ] as const;

  return (
    <section className="card" aria-labelledby="sie-branding">
      <h2 id="sie-branding">{t('sign_in_experience.branding')}</h2>
      <Field id="sie-primary-color" label={t('sign_in_experience.primary_color')} error={errors.primaryColor}>
        <input
          id="sie-primary-color"
          aria-invalid={Boolean(errors.primaryColor)}
          aria-describedby={describedBy('sie-primary-color', errors.primaryColor)}
          {...register('primaryColor', colorRule)}
        />
      </Field>
      <label className="checkbox">
        <input type="checkbox" {...register('isDarkModeEnabled')} />
        {t('sign_in_experience.dark_mode')}
      </label>
      {watch('isDarkModeEnabled') ? (
        <Field id="sie-dark-color" label={t('sign_in_experience.dark_primary_color')} error={errors.darkPrimaryColor}>
          <input
            id="sie-dark-color"
            aria-invalid={Boolean(errors.darkPrimaryColor)}
            aria-describedby={describedBy('sie-dark-color', errors.darkPrimaryColor)}
            {...register('darkPrimaryColor', colorRule)}
          />
        </Field>
      ) : null}
      {urls.map(([name, label]) => (
        <Field key={name} id={`sie-${name}`} label={t(`sign_in_experience.${label}`)} error={errors[name]}>
          <input
            id={`sie-${name}`}
            type="url"
            placeholder="https://"
            aria-invalid={Boolean(errors[name])}
            aria-describedby={describedBy(`sie-${name}`, errors[name])}
            {...register(name, urlRule)}
          />
        </Field>
      ))}
      <Field id="sie-custom-css" label={t('sign_in_experience.custom_css')} hint={t('sign_in_experience.custom_css_hint')}>
        <textarea id="sie-custom-css" rows={5} spellCheck={false} aria-describedby="sie-custom-css-hint" {...register('customCss')} />
      </Field>
    </section>
  );
}
