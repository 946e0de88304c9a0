import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('not_found.title')}</h1>
      <Link to="/get-started">{t('not_found.back')}</Link>
    </section>
  );
}
