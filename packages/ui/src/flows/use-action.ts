// One form's request in flight: a busy flag (double submits are ignored), and the error to show.
// Errors that end the sign-in (an expired interaction) lead to the error page instead, and an
// answer that 2-step verification comes first leads to its page.
import { useCallback, useRef, useState } from 'react';
import { describeError, isSessionError, QuietError } from '../errors.ts';
import { useTranslate } from '../i18n/index.ts';
import { followMfaRequirement } from './mfa.ts';
import { showSessionError } from './session-error.ts';

export type Action = {
  busy: boolean;
  error: string | undefined;
  setError: (message: string | undefined) => void;
  /** Runs `task`; true when it succeeded. */
  run: (task: () => Promise<void>) => Promise<boolean>;
};

export function useAction(): Action {
  const t = useTranslate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const running = useRef(false);

  const run = useCallback(
    async (task: () => Promise<void>) => {
      if (running.current) return false;
      running.current = true;
      setBusy(true);
      setError(undefined);
      try {
        await task();
        return true;
      } catch (caught) {
        if (isSessionError(caught)) showSessionError(caught);
        // A step that needs 2-step verification first (binding a factor, say) goes there.
        else if (caught instanceof QuietError || followMfaRequirement(caught)) return false;
        else setError(describeError(caught, t));
        return false;
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [t],
  );

  return { busy, error, setError, run };
}
