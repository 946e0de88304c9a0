import type { Page } from 'playwright-core';
import { en } from '../../../console/src/i18n/en.ts';

// What the console test uses to find English left on a Korean page.

// Every English phrase of the console as a pattern matching a whole text (interpolations match anything).
export function englishPhrases(): RegExp[] {
  const flat: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (!key.startsWith('languages.')) flat.push(value);
    } else {
      for (const [name, child] of Object.entries(value as Record<string, unknown>)) walk(child, key ? `${key}.${name}` : name);
    }
  };
  walk(en, '');
  const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return flat.map(
    (phrase) =>
      new RegExp(
        `^${phrase
          .split(/\{\{\w+\}\}/)
          .map(escapeRegExp)
          .join('.*')}$`,
      ),
  );
}

// The page's own texts (text nodes, labels of controls, placeholders), outside code samples and
// the language menu, that are still an English phrase.
export async function leftoverEnglish(page: Page, english: RegExp[]): Promise<string[]> {
  // A string, run in the page: this file is compiled without the DOM's types.
  const texts = await page.evaluate<string[]>(`(() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('code, pre, script, style, .language')) continue;
      const text = node.textContent?.trim();
      if (text) found.push(text);
    }
    for (const element of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
      for (const name of ['aria-label', 'placeholder', 'title']) {
        const value = element.getAttribute(name)?.trim();
        if (value) found.push(value);
      }
    }
    return found;
  })()`);
  return texts.filter((text) => english.some((pattern) => pattern.test(text)));
}
