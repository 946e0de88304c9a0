// Copying to the clipboard, and the sentence that says how it went (for a polite live region):
// when the browser refuses, it tells the user to copy by hand.
import { useState } from 'react';
import { useTranslate } from '../i18n/index.ts';

export function useCopy(): { copy: (text: string) => void; notice: string | undefined } {
  const t = useTranslate();
  const [notice, setNotice] = useState<string | undefined>();
  const copy = (text: string) => {
    setNotice(undefined);
    // No clipboard at all (an insecure page) fails the same way as a refused one.
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(text))
      .then(
        () => setNotice(t('notice.copied')),
        () => setNotice(t('error.copy_failed')),
      );
  };
  return { copy, notice };
}

export function CopyButton({ label, onCopy }: { label: string; onCopy: () => void }) {
  return (
    <button type="button" className="button secondary" onClick={onCopy}>
      {label}
    </button>
  );
}
