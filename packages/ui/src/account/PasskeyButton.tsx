// Adding a passkey on the 2-step verification page: the step-up, then the browser's passkey
// prompt for the options the Account API made, then the new passkey joins the account.
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { FormError } from '../components/FormError.tsx';
import { useAction } from '../flows/use-action.ts';
import { registerPasskey } from '../flows/webauthn.ts';
import { useTranslate } from '../i18n/index.ts';
import { accountApi } from './api.ts';
import type { IdentityProof } from './proof.tsx';

export function PasskeyButton({ proof, onAdded }: { proof: IdentityProof; onAdded: () => void }) {
  const t = useTranslate();
  const action = useAction();
  return (
    <div className="stack">
      <FormError id="passkey-error" message={action.error} />
      <button
        type="button"
        className="button secondary"
        aria-busy={action.busy || undefined}
        onClick={() =>
          void action.run(async () => {
            await proof.forWrite(async (id) => {
              const created = await accountApi.startPasskey();
              const response = await registerPasskey(created.registrationOptions as unknown as PublicKeyCredentialCreationOptionsJSON);
              const verified = await accountApi.verifyPasskey(created.verificationRecordId, response);
              await accountApi.bindPasskey(verified.verificationRecordId, id);
            });
            onAdded();
          })
        }
      >
        {t('account.mfa.add_passkey')}
      </button>
    </div>
  );
}
