// The tenant's support contacts (Logto's supportEmail / supportWebsiteUrl), under every page that
// knows the settings, error pages included, so someone stuck can ask for help.
import { supportLinksOf } from '../api/sign-in-experience.ts';
import { useTranslate } from '../i18n/index.ts';
import { useSettings } from '../settings.ts';

export function SupportLinks() {
  const t = useTranslate();
  const { email, mailto, website } = supportLinksOf(useSettings());
  if (!email && !website) return null;
  return (
    <footer className="support">
      <span>{t('support.title')}</span>
      {email && mailto ? <a href={mailto}>{t('support.email', { email })}</a> : null}
      {website ? (
        <a href={website} target="_blank" rel="noreferrer">
          {t('support.website')}
        </a>
      ) : null}
    </footer>
  );
}
