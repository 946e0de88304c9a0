// The password field: a new password (named so password managers offer to generate and save it,
// with the tenant's policy as a hint) or the current one (named so they fill it in).
import type { PasswordPolicy } from '../api/sign-in-experience.ts';
import { useTranslate, type Translate } from '../i18n/index.ts';
import { useSettings } from '../settings.ts';
import { TextField } from './TextField.tsx';

type Props = {
  purpose: 'new' | 'current';
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoFocus?: boolean;
  /** The id of the form's error message, when there is one to read with this field. */
  errorId?: string;
};

export function passwordHint(policy: PasswordPolicy, t: Translate): string {
  const hints = [t('hint.password_min_length', { min: policy.length?.min ?? 8 })];
  const types = policy.characterTypes?.min ?? 1;
  if (types > 1) hints.push(t('hint.password_character_types', { min: types }));
  return hints.join(' ');
}

export function PasswordField({ purpose, label, value, onChange, autoFocus, errorId }: Props) {
  const t = useTranslate();
  const settings = useSettings();
  const isNew = purpose === 'new';
  return (
    <TextField
      label={label}
      name={isNew ? 'new-password' : 'password'}
      type="password"
      value={value}
      onChange={onChange}
      autoComplete={isNew ? 'new-password' : 'current-password'}
      autoFocus={autoFocus}
      required
      hint={isNew ? passwordHint(settings.passwordPolicy, t) : undefined}
      errorId={errorId}
    />
  );
}
