import type { ReactNode } from 'react';
import type { FieldError } from 'react-hook-form';

/** A labelled input with its error announced and tied to it (aria-describedby). */
export function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: FieldError;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      ) : null}
      {error?.message ? (
        <small id={`${id}-error`} role="alert" className="error">
          {error.message}
        </small>
      ) : null}
    </div>
  );
}

export const describedBy = (id: string, error?: FieldError) => (error ? `${id}-error` : undefined);
