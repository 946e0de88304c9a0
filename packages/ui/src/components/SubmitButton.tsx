import type { ReactNode } from 'react';

type Props = { busy?: boolean; children: ReactNode };

/** The form's main button. While busy it stays focusable and says so (aria-busy). */
export function SubmitButton({ busy = false, children }: Props) {
  return (
    <button type="submit" className="button primary" aria-busy={busy || undefined} data-busy={busy || undefined}>
      {children}
    </button>
  );
}
