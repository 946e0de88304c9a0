// The field for the email address or phone number (or username) a code is sent to or an account
// is created for. The hook holds what was typed and judges it; the field shows it, with the
// keyboard, autofill hint and input type that fit the tenant's identifier types.
import { useState } from 'react';
import type { Identifier } from '../api/experience.ts';
import type { IdentifierType } from '../api/sign-in-experience.ts';
import { identifierInputProps, identifierLabel, parseIdentifier } from '../flows/identifier.ts';
import type { Action } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';
import { TextField } from './TextField.tsx';

export type IdentifierInput = {
  label: string;
  types: readonly IdentifierType[];
  value: string;
  setValue: (value: string) => void;
  /** The typed identifier, or undefined once `action` shows why it cannot be used. */
  read: () => Identifier | undefined;
};

export function useIdentifierInput(types: readonly IdentifierType[], action: Action): IdentifierInput {
  const t = useTranslate();
  const [value, setValue] = useState('');
  const label = identifierLabel(types, t);

  const read = () => {
    if (!value.trim()) {
      action.setError(t('error.required', { field: label }));
      return undefined;
    }
    const identifier = parseIdentifier(value, types);
    if (!identifier) action.setError(t('error.invalid_identifier', { field: label }));
    return identifier;
  };

  return { label, types, value, setValue, read };
}

/** `errorId`: the id of the form's error message, when there is one to read with this field. */
export function IdentifierField({ input, errorId }: { input: IdentifierInput; errorId?: string }) {
  return (
    <TextField
      label={input.label}
      name="identifier"
      value={input.value}
      onChange={input.setValue}
      {...identifierInputProps(input.types, 'contact')}
      autoFocus
      required
      errorId={errorId}
    />
  );
}
