import { useTranslation } from 'react-i18next';
import { CopyField } from '../../components/CopyField.tsx';
import { Modal } from '../../components/Modal.tsx';

/** A generated password, shown once: closing the dialog forgets it. */
export function PasswordDialog({ password, onClose }: { password?: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={password !== undefined}
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={t('users.password_title')}
      description={t('users.password_text')}
    >
      <CopyField label={t('users.password')} value={password ?? ''} testId="generated-password" />
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t('users.done')}
        </button>
      </div>
    </Modal>
  );
}
