// One "Sign in with …" button per social connector; the page decides what choosing one does.
import type { SocialConnector } from '../api/sign-in-experience.ts';
import { connectorName } from '../flows/social.ts';
import { useLanguage, useTranslate } from '../i18n/index.ts';

type Props = {
  connectors: readonly SocialConnector[];
  onSelect: (connector: SocialConnector) => void;
  busy?: boolean;
};

export function SocialButtons({ connectors, onSelect, busy = false }: Props) {
  const t = useTranslate();
  const language = useLanguage();
  if (connectors.length === 0) return null;
  return (
    <ul className="social-list">
      {connectors.map((connector) => {
        const name = connectorName(connector, language);
        return (
          <li key={connector.id}>
            <button type="button" className="button social" aria-busy={busy || undefined} onClick={() => onSelect(connector)}>
              {connector.logo ? <img src={connector.logo} alt="" className="social-logo" /> : null}
              <span>{t('button.social', { name })}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function Divider() {
  const t = useTranslate();
  return (
    <p className="divider" aria-hidden="true">
      <span>{t('page.social_or')}</span>
    </p>
  );
}
