// One field for a one-time code (authenticator app, backup code, a code sent by email or SMS).
// After a wrong code the field is selected again, so typing the next one replaces it.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Action } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';
import { FormError } from './FormError.tsx';
import { SubmitButton } from './SubmitButton.tsx';
import { TextField } from './TextField.tsx';

type Props = {
  action: Action;
  label: string;
  hint?: string;
  /** Digits only (authenticator and sent codes); backup codes are letters and digits. */
  numeric?: boolean;
  maxLength?: number;
  buttonLabel?: string;
  autoFocus?: boolean;
  /** Shown between the field and the button (a notice that a code was sent, …). */
  children?: ReactNode;
  /** When it changes (a new code was sent), the field is emptied. */
  resetKey?: string;
  onSubmit: (code: string) => Promise<void>;
};

export function OneTimeCodeForm({
  action,
  label,
  hint,
  numeric = false,
  maxLength = 16,
  buttonLabel,
  autoFocus = true,
  children,
  resetKey,
  onSubmit,
}: Props) {
  const t = useTranslate();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState('');
  const [codeFor, setCodeFor] = useState(resetKey);
  if (codeFor !== resetKey) {
    setCodeFor(resetKey);
    setCode('');
  }

  useEffect(() => {
    if (action.error && !action.busy) input.current?.select();
  }, [action.error, action.busy]);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = code.replace(/\s/g, '');
    if (!trimmed) {
      action.setError(t('error.required', { field: label }));
      input.current?.focus();
      return;
    }
    void action.run(() => onSubmit(trimmed));
  };

  return (
    <form method="post" noValidate onSubmit={handleSubmit}>
      <TextField
        label={label}
        name="code"
        value={code}
        onChange={setCode}
        inputRef={input}
        autoComplete="one-time-code"
        inputMode={numeric ? 'numeric' : 'text'}
        pattern={numeric ? '[0-9]*' : undefined}
        autoCapitalize="off"
        spellCheck={false}
        maxLength={maxLength}
        autoFocus={autoFocus}
        required
        hint={hint}
        errorId={action.error ? errorId : undefined}
      />
      <FormError id={errorId} message={action.error} />
      {children}
      <SubmitButton busy={action.busy}>{buttonLabel ?? t('button.continue')}</SubmitButton>
    </form>
  );
}
