// The form's error, in a live region that is always in the page so screen readers announce
// each new message as it appears.
type Props = { id: string; message: string | undefined };

export function FormError({ id, message }: Props) {
  return (
    <div className="form-error" role="alert" aria-live="assertive" aria-atomic="true">
      {message ? <p id={id}>{message}</p> : null}
    </div>
  );
}

/** A polite announcement (a code was sent, a password was reset). */
export function Notice({ message }: { message: string | undefined }) {
  return (
    <div className="notice" role="status" aria-live="polite">
      {message ? <p>{message}</p> : null}
    </div>
  );
}
