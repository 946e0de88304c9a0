// Step-up: before a sensitive change (or a look at sessions) the user proves who they are with their
// current password or a code sent to their current address, in a dialog over the page. The record the API answers is kept while it is
// unspent and fresh: reads only look at it, a successful write spends it, so the next write asks again.
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../api/http.ts';
import { QuietError } from '../errors.ts';
import { StepUpDialog, type Record } from './StepUpDialog.tsx';
type Pending = { resolve: (id: string) => void; reject: (error: Error) => void };

/** A record this close to its end is not used: the request might arrive after it. */
const margin = 30_000;

export type IdentityProof = {
  /** A record for a read (kept for what follows). */
  forRead: () => Promise<string>;
  /** Runs a change with a record, which is spent when the change succeeds. */
  forWrite: <T>(change: (proof: string) => Promise<T>) => Promise<T>;
  /** The dialog, when it is open: render it in the page. */
  dialog: ReactNode;
};

const isRecordRefused = (error: unknown) =>
  error instanceof ApiError && (error.code.startsWith('verification_record.') || error.code === 'session.verification_failed');

export function useIdentityProof(): IdentityProof {
  const record = useRef<Record | undefined>(undefined);
  const [pending, setPending] = useState<Pending | undefined>();

  const forRead = useCallback(async () => {
    const kept = record.current;
    if (kept && kept.expiresAt - margin > Date.now()) return kept.id;
    return new Promise<string>((resolve, reject) => setPending({ resolve, reject }));
  }, []);

  const forWrite = useCallback(
    async <T,>(change: (proof: string) => Promise<T>) => {
      const proof = await forRead();
      try {
        const result = await change(proof);
        record.current = undefined;
        return result;
      } catch (error) {
        if (isRecordRefused(error)) record.current = undefined;
        throw error;
      }
    },
    [forRead],
  );

  const dialog = pending ? (
    <StepUpDialog
      onVerified={(created) => {
        record.current = created;
        setPending(undefined);
        pending.resolve(created.id);
      }}
      onCancel={() => {
        setPending(undefined);
        pending.reject(new QuietError('cancelled'));
      }}
    />
  ) : null;

  return { forRead, forWrite, dialog };
}
