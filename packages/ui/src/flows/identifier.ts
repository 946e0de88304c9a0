// What the identifier field asks for (its label, input type, autocomplete) and which kind of
// identifier a typed value is, among the kinds the settings allow.
import { emailPattern, phoneIdentifierPattern, usernamePattern } from '@idp/schemas/patterns';
import type { Identifier } from '../api/experience.ts';
import type { IdentifierType } from '../api/sign-in-experience.ts';
import type { PhraseKey, Translate } from '../i18n/index.ts';

const fieldLabels: Record<IdentifierType, PhraseKey> = {
  username: 'field.username',
  email: 'field.email',
  phone: 'field.phone',
};

const order: IdentifierType[] = ['username', 'email', 'phone'];

export const uniqueTypes = (types: readonly IdentifierType[]): IdentifierType[] => order.filter((type) => types.includes(type));

/** "Username", "Username or email", "Username, email or phone number". */
export function identifierLabel(types: readonly IdentifierType[], t: Translate): string {
  const labels = uniqueTypes(types).map((type, index) => {
    const label = t(fieldLabels[type]);
    return index === 0 ? label : label.toLowerCase();
  });
  const last = labels.pop();
  if (last === undefined) return '';
  return labels.length === 0 ? last : `${labels.join(t('field.identifier_separator'))}${t('field.identifier_joiner')}${last}`;
}

/**
 * Input attributes that let browsers and password managers help: signing in, the field is the
 * account's name (`username`); elsewhere an email or phone field is just that.
 */
export function identifierInputProps(
  types: readonly IdentifierType[],
  purpose: 'sign-in' | 'contact',
): { type: string; autoComplete: string; inputMode?: 'email' | 'tel' } {
  const only = uniqueTypes(types);
  const single = only.length === 1 ? only[0] : undefined;
  if (single === 'email') return { type: 'email', autoComplete: purpose === 'sign-in' ? 'username' : 'email', inputMode: 'email' };
  if (single === 'phone') return { type: 'tel', autoComplete: purpose === 'sign-in' ? 'username' : 'tel', inputMode: 'tel' };
  return { type: 'text', autoComplete: 'username' };
}

// The API's own formats, so the page judges input exactly as the server will.
const email = new RegExp(emailPattern);
const username = new RegExp(usernamePattern);
const phoneIdentifier = new RegExp(phoneIdentifierPattern);

/** Phone numbers are sent as digits only, country code included (`+1 (555) 010-2030` → `15550102030`). */
export const normalizePhone = (value: string) => value.replace(/[\s()+.-]/g, '');

/** The identifier a value is, or undefined when it is none of the allowed kinds. */
export function parseIdentifier(raw: string, types: readonly IdentifierType[]): Identifier | undefined {
  const value = raw.trim();
  if (!value) return undefined;
  const allowed = uniqueTypes(types);
  if (value.includes('@')) return allowed.includes('email') && email.test(value) ? { type: 'email', value } : undefined;
  const phone = normalizePhone(value);
  if (allowed.includes('phone') && phoneIdentifier.test(phone) && !(allowed.includes('username') && username.test(value))) {
    return { type: 'phone', value: phone };
  }
  if (allowed.includes('username')) return { type: 'username', value };
  return undefined;
}

export const isValidUsername = (value: string) => username.test(value);
