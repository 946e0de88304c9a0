import { useTranslation } from 'react-i18next';
import { Toaster } from 'sonner';

/** Sonner's toasts, with its screen-reader labels in the person's language. */
export function Notifications() {
  const { t } = useTranslation();
  return (
    <Toaster
      position="top-right"
      richColors
      closeButton
      containerAriaLabel={t('common.notifications')}
      toastOptions={{ closeButtonAriaLabel: t('common.close') }}
    />
  );
}
