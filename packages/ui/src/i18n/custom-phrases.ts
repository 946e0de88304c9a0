// The tenant's custom phrases (Logto's `/api/custom-phrases`, set in the console's tenant settings),
// over the page's own. They are stored under Logto's phrase keys, which the Management API's phrase
// catalogue lists; this table says which of our phrases each one replaces. The built-in texts of
// that catalogue are the same as ours, so only a customised phrase changes what the page says.
import { requestJson } from '../api/http.ts';
import type { PhraseKey } from './en.ts';

const ourKeyOf: Record<string, PhraseKey> = {
  'input.username': 'field.username',
  'input.password': 'field.password',
  'input.email': 'field.email',
  'input.phone_number': 'field.phone',
  'input.verification_code': 'field.verification_code',
  'action.sign_in': 'button.sign_in',
  'action.create_account': 'button.create_account',
  'action.continue': 'button.continue',
  'action.back': 'button.back',
  'action.forgot_password': 'link.forgot_password',
  'description.no_account': 'page.sign_in.no_account',
  'description.have_account': 'page.register.have_account',
};

export type PhraseOverrides = Partial<Record<PhraseKey, string>>;

/** Our phrases as the tenant's phrases for `language` (Logto's nested shape) replace them. */
export function overridesOf(phrases: unknown): PhraseOverrides {
  const overrides: PhraseOverrides = {};
  if (typeof phrases !== 'object' || phrases === null) return overrides;
  for (const [logtoKey, ourKey] of Object.entries(ourKeyOf)) {
    const [group = '', name = ''] = logtoKey.split('.');
    const value = (phrases as Record<string, Record<string, unknown> | undefined>)[group]?.[name];
    if (typeof value === 'string' && value.trim()) overrides[ourKey] = value;
  }
  return overrides;
}

/** The tenant's phrases for the language; none when they cannot be read (the page's own apply). */
export async function fetchPhraseOverrides(language: string): Promise<PhraseOverrides> {
  try {
    return overridesOf(await requestJson<unknown>('GET', `/api/.well-known/phrases?lng=${encodeURIComponent(language)}`));
  } catch {
    return {};
  }
}
