// Pieces the account pages share: the page frame with its way back, a field's row of read-only
// value, and the message for a field the administrator turned off.
import type { ReactNode } from 'react';
import { Layout } from '../components/Layout.tsx';
import { Link } from '../components/Link.tsx';
import { useTranslate } from '../i18n/index.ts';
import { accountBasePath } from './client.ts';

export function AccountLayout({ title, subtitle, children }: { title: string; subtitle?: string; children?: ReactNode }) {
  const t = useTranslate();
  return (
    <Layout title={title} subtitle={subtitle}>
      {children}
      <p className="account-back">
        <Link to={accountBasePath}>{t('account.link.back')}</Link>
      </p>
    </Layout>
  );
}

/** A page for a field that is `Off`: nothing to see or change. */
export function FieldOff({ title }: { title: string }) {
  const t = useTranslate();
  return (
    <AccountLayout title={title}>
      <p role="status">{t('account.field_off')}</p>
    </AccountLayout>
  );
}

export function ValueRow({ label, value, children }: { label: string; value: ReactNode; children?: ReactNode }) {
  return (
    <div className="account-row">
      <dt>{label}</dt>
      <dd>
        <span className="account-value">{value}</span>
        {children}
      </dd>
    </div>
  );
}
