// The frame of every page: the tenant's logo, the page heading, then the page.
import { useEffect, type ReactNode } from 'react';
import { useSettings } from '../settings.ts';

type Props = { title: string; subtitle?: ReactNode; children?: ReactNode };

export function Layout({ title, subtitle, children }: Props) {
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <main className="card">
      <Logo />
      <h1 className="title">{title}</h1>
      {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      {children}
    </main>
  );
}

function Logo() {
  const settings = useSettings();
  const { logoUrl, darkLogoUrl } = settings.branding;
  if (!logoUrl) return null;
  return (
    <picture className="logo">
      {settings.color.isDarkModeEnabled && darkLogoUrl ? <source srcSet={darkLogoUrl} media="(prefers-color-scheme: dark)" /> : null}
      <img src={logoUrl} alt="" />
    </picture>
  );
}

/** A page frame for the moments before the settings are known (loading, failure). */
export function BareLayout({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <main className="card">
      <h1 className="title">{title}</h1>
      {children}
    </main>
  );
}
