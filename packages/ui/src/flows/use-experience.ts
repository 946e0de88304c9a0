// Every page that verifies something first starts the experience of the browser's interaction
// (`PUT /api/experience`). The page renders at once; its first request waits for the start.
import { isPreviewRequested } from '../preview.ts';
import { useCallback, useEffect, useRef } from 'react';
import { startExperience, type InteractionEvent } from '../api/experience.ts';
import { isSessionError } from '../errors.ts';
import { clearMfaState } from './mfa.ts';
import { showSessionError } from './session-error.ts';

export function useExperience(wanted: InteractionEvent | undefined): () => Promise<void> {
  const started = useRef<Promise<void> | undefined>(undefined);
  // The console's preview only shows the page: there is no sign-in to start.
  const event = isPreviewRequested() ? undefined : wanted;

  useEffect(() => {
    if (!event) return;
    // A new experience: what an earlier one said about 2-step verification no longer holds.
    clearMfaState();
    const start = startExperience(event);
    started.current = start;
    start.catch((error: unknown) => {
      if (isSessionError(error)) showSessionError(error);
    });
  }, [event]);

  return useCallback(() => {
    if (!event) return Promise.resolve();
    started.current ??= startExperience(event);
    return started.current;
  }, [event]);
}
