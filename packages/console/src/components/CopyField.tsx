import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';

/** A read-only value with a button that copies it. */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <span>{label}</span>
      <div className="copy-field">
        <code data-testid={testId}>{value}</code>
        <button
          type="button"
          className="secondary"
          aria-label={t('common.copy_named', { name: label })}
          onClick={() => {
            navigator.clipboard.writeText(value).then(
              () => toast.success(t('common.copied')),
              () => toast.error(t('common.copy_failed')),
            );
          }}
        >
          {t('common.copy')}
        </button>
      </div>
    </div>
  );
}
