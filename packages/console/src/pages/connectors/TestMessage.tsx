import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';

type Props = {
  factoryId: string;
  type: 'Email' | 'Sms';
  /** The settings in the form, once its rules pass (undefined: the form shows what is wrong). */
  readConfig: () => Promise<Record<string, unknown> | undefined>;
};

/** Sends a test code through the factory with the form's settings (POST /api/connectors/:factoryId/test). */
export function TestMessage({ factoryId, type, readConfig }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [to, setTo] = useState('');
  const email = type === 'Email';
  const send = useMutation({
    mutationFn: async () => {
      const config = await readConfig();
      if (!config) return false;
      await api.post(`/api/connectors/${factoryId}/test`, { ...(email ? { email: to.trim() } : { phone: to.trim() }), config });
      return true;
    },
    onSuccess: (sent) => {
      if (sent) toast.success(t('connectors.test_sent'));
    },
  });
  return (
    <section className="card" aria-labelledby="connector-test-title">
      <h2 id="connector-test-title">{t('connectors.test_title')}</h2>
      <p className="muted">{t('connectors.test_text')}</p>
      <div className="inline">
        <label className="field">
          <span>{email ? t('connectors.test_email') : t('connectors.test_phone')}</span>
          <input type={email ? 'email' : 'tel'} value={to} autoComplete="off" onChange={(event) => setTo(event.target.value)} />
        </label>
        <button type="button" className="secondary" disabled={!to.trim() || send.isPending} onClick={() => send.mutate()}>
          {email ? t('connectors.test_send_email') : t('connectors.test_send_sms')}
        </button>
      </div>
      {send.isError ? (
        <p role="alert" className="error">
          {errorMessage(send.error)}
        </p>
      ) : null}
    </section>
  );
}
