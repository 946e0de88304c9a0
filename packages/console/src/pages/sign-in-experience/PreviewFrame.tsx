// The live preview: our sign-in page, framed from the tenant's endpoint with `?preview=true`, shown
// with what the form holds now, saved or not. The page asks for the settings once it has loaded
// (`ready`); after that every change of the form is posted to it, to its origin only.
import { useEffect, useRef } from 'react';
import { useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useUserEndpoint } from '../../api/use-user-endpoint.ts';
import { bodyOf, type Form } from './form-model.ts';

const previewMessageType = 'idp:sign-in-preview';
const previewReadyType = 'idp:sign-in-preview-ready';

export function PreviewFrame() {
  const { t } = useTranslation();
  const endpoint = useUserEndpoint();
  const frame = useRef<HTMLIFrameElement>(null);
  const { watch, getValues } = useFormContext<Form>();

  useEffect(() => {
    if (!endpoint) return;
    const origin = new URL(endpoint).origin;
    const post = (values: Form) => {
      const { color, branding, signUp, signIn, socialSignInConnectorTargets, passwordPolicy } = bodyOf(values);
      frame.current?.contentWindow?.postMessage(
        { type: previewMessageType, settings: { color, branding, signUp, signIn, socialSignInConnectorTargets, passwordPolicy } },
        origin,
      );
    };
    const onReady = (event: MessageEvent) => {
      if (event.origin === origin && event.source === frame.current?.contentWindow && event.data?.type === previewReadyType) {
        post(getValues());
      }
    };
    window.addEventListener('message', onReady);
    const subscription = watch((values) => post(values as Form));
    return () => {
      window.removeEventListener('message', onReady);
      subscription.unsubscribe();
    };
  }, [endpoint, watch, getValues]);

  if (!endpoint) return null;
  return (
    <aside className="card preview" aria-labelledby="sie-preview">
      <h2 id="sie-preview">{t('sign_in_experience.preview')}</h2>
      <p className="muted">{t('sign_in_experience.preview_hint')}</p>
      <iframe ref={frame} title={t('sign_in_experience.preview')} src={`${endpoint}/sign-in?preview=true`} className="preview-frame" />
    </aside>
  );
}
