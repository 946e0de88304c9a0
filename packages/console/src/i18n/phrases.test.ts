import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { ko } from './ko.ts';

type Tree = { [key: string]: string | Tree };

const leaves = (tree: Tree, prefix = ''): Array<[string, string]> =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`),
  );

const placeholders = (phrase: string) => [...phrase.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

describe('console phrases', () => {
  const english = new Map(leaves(en));
  const korean = new Map(leaves(ko));

  it('has the same keys in English and Korean', () => {
    expect([...korean.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('translates every phrase, keeping its placeholders', () => {
    for (const [key, phrase] of english) {
      const translated = korean.get(key) ?? '';
      expect(translated.trim(), key).not.toBe('');
      expect(placeholders(translated), key).toEqual(placeholders(phrase));
      // Language names are written in their own language in both menus.
      if (!key.startsWith('languages.')) expect(translated, key).toMatch(/[가-힣]/);
    }
  });
});
