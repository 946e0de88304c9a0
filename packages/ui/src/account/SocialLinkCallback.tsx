// /account/social/callback/:connectorId: back from the provider, the identity is verified and
// linked, then the social accounts page shows it.
import { FormError } from '../components/FormError.tsx';
import { Link } from '../components/Link.tsx';
import { BareLayout } from '../components/Layout.tsx';
import { useAction } from '../flows/use-action.ts';
import { useOnMount } from '../flows/use-mfa-state.ts';
import { useTranslate } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { accountBasePath } from './client.ts';
import { useAccount } from './context.ts';
import { finishSocialLink } from './social-link.ts';

export function SocialLinkCallback({ connectorId }: { connectorId: string }) {
  const t = useTranslate();
  const { reload } = useAccount();
  const action = useAction();

  useOnMount(() => {
    const query = new URLSearchParams(window.location.search);
    void action.run(async () => {
      await finishSocialLink(connectorId, query);
      await reload();
      navigate(`${accountBasePath}/social?done=linked`, { replace: true });
    });
  });

  return (
    <BareLayout title={t('account.social.linking')}>
      {action.error ? null : <p aria-busy="true">{t('app.loading')}</p>}
      <FormError id="social-link-error" message={action.error} />
      {action.error ? <Link to={`${accountBasePath}/social`}>{t('account.social.back')}</Link> : null}
    </BareLayout>
  );
}
