import { useLogto } from '@logto/react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { consoleUrl } from '../config.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { saveReturnTo } from './return-to.ts';

const sections = [
  { path: '/get-started', label: 'nav.get_started' },
  { path: '/applications', label: 'nav.applications' },
  { path: '/api-resources', label: 'nav.api_resources' },
  { path: '/roles', label: 'nav.roles' },
  { path: '/users', label: 'users.nav' },
  { path: '/sign-in-experience', label: 'sign_in_experience.nav' },
  { path: '/connectors', label: 'connectors.nav' },
  { path: '/dashboard', label: 'dashboard.nav' },
  { path: '/tenant-settings', label: 'tenant_settings.nav' },
  { path: '/audit-logs', label: 'audit_logs.nav' },
  { path: '/administrators', label: 'administrators.nav' },
  { path: '/profile', label: 'profile.nav' },
] as const;

// Every page but the welcome page and the callback needs a session; without one the person signs
// in and comes back to the page they asked for.
export function ProtectedLayout() {
  const { t } = useTranslation();
  const { isAuthenticated, isLoading, signOut } = useLogto();
  const location = useLocation();
  const navigate = useNavigate();

  useEffect(() => {
    if (isLoading || isAuthenticated) return;
    saveReturnTo(`${location.pathname}${location.search}`);
    navigate('/welcome', { replace: true });
  }, [isAuthenticated, isLoading, location.pathname, location.search, navigate]);

  if (!isAuthenticated) return <p className="muted page">{t('common.loading')}</p>;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <span className="brand">{t('nav.brand')}</span>
        <div className="topbar-actions">
          <LanguageSwitch />
          <button type="button" className="secondary" onClick={() => void signOut(consoleUrl)}>
            {t('nav.sign_out')}
          </button>
        </div>
      </header>
      <nav className="sidebar" aria-label={t('nav.label')}>
        <ul>
          {sections.map(({ path, label }) => (
            <li key={path}>
              <NavLink to={path}>{t(label)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
