import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { createTranslate, fill, languages, pickLanguage } from './index.ts';

const placeholders = (phrase: string) => [...phrase.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('phrases', () => {
  it('gives every translation the placeholders of the English phrase, so no number goes missing', () => {
    for (const [language, phrases] of Object.entries(languages)) {
      for (const [key, phrase] of Object.entries(en)) {
        expect({ language, key, placeholders: placeholders(phrases[key as keyof typeof en]) }).toEqual({
          language,
          key,
          placeholders: placeholders(phrase),
        });
      }
    }
  });

  it('fills the placeholders it has values for and leaves the others visible', () => {
    expect(fill('Try again in {minutes} minutes.', { minutes: 5 })).toBe('Try again in 5 minutes.');
    expect(fill('{field} is required.')).toBe('{field} is required.');
    expect(createTranslate('ko')('field.username')).not.toBe(createTranslate('en')('field.username'));
    expect(createTranslate('xx')('field.username')).toBe('Username');
  });
});

describe('pickLanguage', () => {
  it('takes the first wanted language we have, exactly or by its primary subtag', () => {
    expect(pickLanguage(['fr-FR', 'ko-KR', 'en'])).toBe('ko');
    expect(pickLanguage(['EN-gb'])).toBe('en');
    expect(pickLanguage(['fr', 'de'])).toBeUndefined();
  });
});
