// Language choice and phrase lookup. The language is the browser's (when the tenant lets it be
// detected) or the tenant's fallback; the authorization request's `ui_locales` (which the OP puts in
// the page's address, as Logto's) wins over both, and a `?lng=` query parameter over all.
import { createContext, useContext } from 'react';
import { en, type PhraseKey, type Phrases } from './en.ts';
import { ko } from './ko.ts';

export type { PhraseKey } from './en.ts';

export const languages: Readonly<Record<string, Phrases>> = { en, ko };

export type Translate = (key: PhraseKey, values?: Record<string, string | number>) => string;

/** The first wanted tag we have phrases for: exactly or by its primary subtag (`ko-KR` → `ko`). */
export function pickLanguage(wanted: readonly string[]): string | undefined {
  for (const tag of wanted) {
    const lower = tag.toLowerCase();
    if (languages[lower]) return lower;
    const primary = lower.split('-')[0];
    if (primary && languages[primary]) return primary;
  }
  return undefined;
}

export function chooseLanguage(languageInfo: { autoDetect: boolean; fallbackLanguage: string } | undefined): string {
  const search = new URLSearchParams(window.location.search);
  const query = search.get('lng');
  const uiLocales = (search.get('ui_locales') ?? '').split(' ').filter(Boolean);
  const wanted = [
    ...(query ? [query] : []),
    ...uiLocales,
    ...(languageInfo?.autoDetect !== false ? (navigator.languages ?? [navigator.language]) : []),
    ...(languageInfo ? [languageInfo.fallbackLanguage] : []),
  ];
  return pickLanguage(wanted) ?? 'en';
}

export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Our phrases in the language, with the tenant's custom ones (see custom-phrases.ts) over them. */
export function createTranslate(language: string, overrides: Partial<Record<PhraseKey, string>> = {}): Translate {
  const phrases = languages[language] ?? en;
  return (key, values) => fill(overrides[key] ?? phrases[key] ?? en[key], values);
}

/** Whether a string is one of our phrase keys (error codes are looked up this way). */
export const isPhraseKey = (key: string): key is PhraseKey => Object.hasOwn(en, key);

export const TranslateContext = createContext<Translate>(createTranslate('en'));

export const useTranslate = (): Translate => useContext(TranslateContext);

export const LanguageContext = createContext<string>('en');

export const useLanguage = (): string => useContext(LanguageContext);
