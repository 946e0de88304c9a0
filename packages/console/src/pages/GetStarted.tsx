import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUserEndpoint } from '../api/use-user-endpoint.ts';

export function GetStarted() {
  const { t } = useTranslation();
  const endpoint = useUserEndpoint();
  return (
    <section aria-labelledby="get-started-title">
      <h1 id="get-started-title">{t('get_started.title')}</h1>
      <p className="muted">{t('get_started.subtitle')}</p>
      <ol className="cards">
        <li className="card">
          <h2>{t('get_started.create_app_title')}</h2>
          <p>{t('get_started.create_app_text')}</p>
          <Link className="button" to="/applications?create=1">
            {t('get_started.create_app_action')}
          </Link>
        </li>
        <li className="card">
          <h2>{t('get_started.demo_title')}</h2>
          <p>{t('get_started.demo_text')}</p>
          {endpoint ? (
            <a className="button secondary" href={`${endpoint}/demo-app`} target="_blank" rel="noreferrer">
              {t('get_started.demo_action')}
            </a>
          ) : null}
        </li>
        <li className="card">
          <h2>{t('get_started.api_title')}</h2>
          <p>{t('get_started.api_text')}</p>
          <a className="button secondary" href="https://openapi.logto.io/" target="_blank" rel="noreferrer">
            {t('get_started.api_action')}
          </a>
        </li>
      </ol>
    </section>
  );
}
