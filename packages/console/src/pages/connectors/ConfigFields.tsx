import type { ConnectorFactoryResponse } from '@idp/schemas';
import type { ReactNode } from 'react';
import type { FieldError, UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { describedBy, Field } from '../../components/Field.tsx';
import { checkJsonObject, type ConnectorForm, usesFormItems } from './connector-form.ts';

type Props = { factory: ConnectorFactoryResponse; form: UseFormReturn<ConnectorForm> };

/** The connector's settings: a field per form item of the factory, or a JSON editor. */
export function ConfigFields({ factory, form }: Props) {
  const { t } = useTranslation();
  const { register, formState } = form;
  const { errors } = formState;
  const jsonRules = {
    validate: (text: string) =>
      checkJsonObject(text, { invalid: (message) => t('connectors.config_invalid', { message }), object: t('connectors.config_object') }),
  };

  if (!usesFormItems(factory)) {
    return (
      <Field id="connector-config" label={t('connectors.config_json')} hint={t('connectors.config_json_hint')} error={errors.json}>
        <textarea
          id="connector-config"
          rows={14}
          spellCheck={false}
          className="code"
          aria-invalid={Boolean(errors.json)}
          aria-describedby={describedBy('connector-config', errors.json) ?? 'connector-config-hint'}
          {...register('json', jsonRules)}
        />
      </Field>
    );
  }

  return (
    <fieldset className="config-fields">
      <legend className="visually-hidden">{t('connectors.settings')}</legend>
      {factory.formItems.map((item) => {
        const id = `connector-field-${item.key}`;
        const error = errors.fields?.[item.key] as FieldError | undefined;
        const name = `fields.${item.key}` as const;
        const common = { id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy(id, error) };
        const required = item.required ? t('common.required') : false;
        if (item.type === 'Switch') {
          return (
            <label key={item.key} className="checkbox">
              <input type="checkbox" {...common} {...register(name)} />
              {item.label}
            </label>
          );
        }
        let control: ReactNode;
        if (item.type === 'MultilineText' || item.type === 'Json') {
          control = (
            <textarea
              rows={6}
              spellCheck={false}
              className="code"
              placeholder={item.placeholder}
              {...common}
              {...register(name, {
                required,
                validate: (value) =>
                  item.type !== 'Json' ||
                  value === '' ||
                  checkJsonObject(String(value), {
                    invalid: (message) => t('connectors.config_invalid', { message }),
                    object: t('connectors.config_object'),
                  }),
              })}
            />
          );
        } else if (item.type === 'Select') {
          control = (
            <select {...common} {...register(name, { required })}>
              <option value="">{t('common.choose')}</option>
              {(item.selectItems ?? []).map((option) => (
                <option key={option.value} value={option.value}>
                  {option.title ?? option.value}
                </option>
              ))}
            </select>
          );
        } else {
          control = (
            <input
              type={item.isConfidential ? 'password' : 'text'}
              inputMode={item.type === 'Number' ? 'numeric' : undefined}
              autoComplete="off"
              placeholder={item.placeholder}
              {...common}
              {...register(name, {
                required,
                validate: (value) =>
                  item.type !== 'Number' || value === '' || !Number.isNaN(Number(value)) || t('connectors.number_invalid'),
              })}
            />
          );
        }
        return (
          <Field key={item.key} id={id} label={item.label} hint={item.description} error={error}>
            {control}
          </Field>
        );
      })}
    </fieldset>
  );
}
