// What the MFA pages need to know (the factors to offer, whether binding can wait). When the
// browser lost it (a new tab, cleared storage), submitting again makes the server say it anew.
import { useEffect, useRef } from 'react';
import { submitAndRedirect } from './finish.ts';
import { readMfaState, type MfaState } from './mfa.ts';
import { useAction } from './use-action.ts';

export function useMfaState(): { state: MfaState | undefined; error: string | undefined } {
  const state = readMfaState();
  const { run, error } = useAction();
  const asked = useRef(false);
  const known = state !== undefined;

  useEffect(() => {
    if (known || asked.current) return;
    asked.current = true;
    void run(submitAndRedirect);
  }, [known, run]);

  return { state, error };
}

/** Runs `task` once when the page appears (React's development double effects included). */
export function useOnMount(task: () => void): void {
  const done = useRef(false);
  const latest = useRef(task);
  latest.current = task;
  useEffect(() => {
    if (done.current) return;
    done.current = true;
    latest.current();
  }, []);
}
