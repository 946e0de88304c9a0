// The console's live preview: the console frames `/sign-in?preview=true` and posts the settings its
// form holds, unsaved, whenever they change; the page renders them instead of the stored ones, and
// takes no input. Who may post is who may frame us: the gateway's frame-ancestors admits only this
// origin, the admin endpoint and FRAME_ANCESTORS, so a message from our parent frame is one of those.
import { useEffect, useState } from 'react';
import type { SignInExperience, SocialConnector } from './api/sign-in-experience.ts';

export const previewMessageType = 'idp:sign-in-preview';
export const previewReadyType = 'idp:sign-in-preview-ready';

/** The settings the console's form edits, in the Management API's shape. */
export type PreviewSettings = Partial<
  Pick<SignInExperience, 'color' | 'branding' | 'signInMode' | 'signUp' | 'signIn' | 'socialSignInConnectorTargets' | 'passwordPolicy'>
>;

export const isPreviewRequested = () =>
  typeof window !== 'undefined' && window.parent !== window && new URLSearchParams(window.location.search).get('preview') === 'true';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The stored settings with the previewed ones over them; social buttons follow the previewed order. */
export function applyPreview(stored: SignInExperience, preview: PreviewSettings): SignInExperience {
  const targets = Array.isArray(preview.socialSignInConnectorTargets)
    ? preview.socialSignInConnectorTargets
    : stored.socialSignInConnectorTargets;
  const known = stored.socialConnectors ?? [];
  const socialConnectors = targets.map(
    (target): SocialConnector => known.find((connector) => connector.target === target) ?? { id: target, target, name: target },
  );
  const pick = <Key extends keyof PreviewSettings>(key: Key, check: (value: unknown) => boolean) =>
    check(preview[key]) ? { [key]: preview[key] } : {};
  return {
    ...stored,
    ...pick('color', isObject),
    ...pick('branding', isObject),
    ...pick('signUp', isObject),
    ...pick('signIn', (value) => isObject(value) && Array.isArray(value.methods)),
    ...pick('passwordPolicy', isObject),
    ...pick('signInMode', (value) => value === 'SignIn' || value === 'Register' || value === 'SignInAndRegister'),
    socialSignInConnectorTargets: targets,
    socialConnectors,
    // A preview starts nothing: no passkey prompt in the console's frame.
    passkeySignIn: undefined,
  };
}

/** In preview mode, the stored settings as the console's latest message changes them. */
export function usePreview(stored: SignInExperience | undefined, enabled: boolean): SignInExperience | undefined {
  const [preview, setPreview] = useState<PreviewSettings>();
  useEffect(() => {
    if (!enabled) return;
    const receive = (event: MessageEvent) => {
      if (event.source !== window.parent || !isObject(event.data) || event.data.type !== previewMessageType) return;
      if (isObject(event.data.settings)) setPreview(event.data.settings as PreviewSettings);
    };
    window.addEventListener('message', receive);
    // The console sends its settings on this, so a frame that loaded late is never blank.
    window.parent.postMessage({ type: previewReadyType }, '*');
    return () => window.removeEventListener('message', receive);
  }, [enabled]);
  if (!enabled || !stored) return stored;
  return preview ? applyPreview(stored, preview) : stored;
}
