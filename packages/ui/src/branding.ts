// The tenant's branding on the document: language, primary colours as CSS variables (the dark
// one when dark mode is enabled and the system prefers it), favicon.
import { hexColorPattern } from '@idp/schemas/patterns';
import { useEffect } from 'react';
import type { SignInExperience } from './api/sign-in-experience.ts';

const hexColor = new RegExp(hexColorPattern);

/** Black or white, whichever reads better on the colour (WCAG relative luminance). */
export function textColorOn(hex: string): string {
  const digits = hex.length === 4 ? [...hex.slice(1)].map((digit) => digit + digit).join('') : hex.slice(1);
  const [r = 0, g = 0, b = 0] = [0, 2, 4].map((start) => {
    const channel = Number.parseInt(digits.slice(start, start + 2), 16) / 255;
    return channel <= 0.039_28 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is 1.05 / (L + 0.05); with black (L + 0.05) / 0.05.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#fff' : '#000';
}

function setFavicon(href: string | undefined): void {
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!href) return;
  if (!link) {
    link = document.createElement('link');
    link.rel = 'icon';
    document.head.append(link);
  }
  link.href = href;
}

export function useBranding(settings: SignInExperience | undefined, language: string): void {
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  useEffect(() => {
    if (!settings) return;
    const root = document.documentElement;
    const { primaryColor, darkPrimaryColor, isDarkModeEnabled } = settings.color;
    if (hexColor.test(primaryColor)) {
      root.style.setProperty('--brand-color', primaryColor);
      root.style.setProperty('--on-brand-color', textColorOn(primaryColor));
    }
    if (hexColor.test(darkPrimaryColor)) {
      root.style.setProperty('--brand-color-dark', darkPrimaryColor);
      root.style.setProperty('--on-brand-color-dark', textColorOn(darkPrimaryColor));
    }
    root.dataset.darkMode = isDarkModeEnabled ? 'auto' : 'off';
    setFavicon(settings.branding.favicon);
  }, [settings]);
}
