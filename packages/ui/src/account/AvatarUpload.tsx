// Uploading a picture as the avatar (when the avatar field is Edit): the file goes to the user
// assets store, and the URL it answers becomes the avatar.
import { useId } from 'react';
import { FormError } from '../components/FormError.tsx';
import { useAction } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';
import { accountApi, type MyAccount } from './api.ts';

export function AvatarUpload({ onChange }: { onChange: (account: MyAccount) => void }) {
  const t = useTranslate();
  const id = useId();
  const action = useAction();
  return (
    <div className="field">
      <label htmlFor={id}>{t('account.avatar.upload')}</label>
      <input
        id={id}
        type="file"
        accept="image/png,image/jpeg,image/gif,image/webp"
        aria-busy={action.busy || undefined}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (!file) return;
          void action.run(async () => {
            const { url } = await accountApi.uploadAvatar(file);
            onChange(await accountApi.update({ avatar: url }));
          });
        }}
      />
      <FormError id={`${id}-error`} message={action.error} />
    </div>
  );
}
