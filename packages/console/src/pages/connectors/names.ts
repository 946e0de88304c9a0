/** A connector's text in the console's language, else English (Logto's i18n text objects). */
export const localName = (text: Record<string, string>, language: string): string =>
  text[language] ?? text[language.split('-')[0] ?? ''] ?? text.en ?? Object.values(text)[0] ?? '';
