// Per-language overrides of the sign-in UI's phrases.
import { jsonb, pgTable, unique, varchar } from 'drizzle-orm/pg-core';

import type { JsonObject } from '../json/common.ts';
import { idColumn, tenantIdColumn } from './columns.ts';

export const customPhrases = pgTable(
  'custom_phrases',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    languageTag: varchar('language_tag', { length: 16 }).notNull(),
    /** Nested phrase keys to strings, like the UI's translation files. */
    translation: jsonb('translation').$type<JsonObject>().notNull().default({}),
  },
  (t) => [unique('custom_phrases__language_tag').on(t.tenantId, t.languageTag)],
);

export type CustomPhrase = typeof customPhrases.$inferSelect;
export type NewCustomPhrase = typeof customPhrases.$inferInsert;
