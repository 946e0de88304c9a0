// The frame of every page: the tenant's logo, the page heading, the page, then the tenant's
// support contacts. When a page appears without focusing a field of its own, its heading takes
// the focus, so keyboard and screen-reader users start reading at the new page rather than at the
// top of the document.
import { useEffect, useRef, type ReactNode } from 'react';
import { useSettings } from '../settings.ts';
import { SupportLinks } from './SupportLinks.tsx';

type Props = { title: string; subtitle?: ReactNode; children?: ReactNode };

function useHeadingFocus(title: string) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = title;
    const active = document.activeElement;
    if (!active || active === document.body) heading.current?.focus();
  }, [title]);
  return heading;
}

export function Layout({ title, subtitle, children }: Props) {
  const heading = useHeadingFocus(title);
  return (
    <main className="card">
      <Logo />
      <h1 className="title" ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      {children}
      <SupportLinks />
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
  const heading = useHeadingFocus(title);
  return (
    <main className="card">
      <h1 className="title" ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </main>
  );
}
