import { generateId, type Db } from '@idp/db';
import { customPhrases, type CustomPhrase, type JsonObject } from '@idp/schemas';
import { and, asc, eq } from 'drizzle-orm';

const byTag = (tenantId: string, languageTag: string) =>
  and(eq(customPhrases.tenantId, tenantId), eq(customPhrases.languageTag, languageTag));

export async function listCustomPhrases(db: Db, tenantId: string): Promise<CustomPhrase[]> {
  return db.select().from(customPhrases).where(eq(customPhrases.tenantId, tenantId)).orderBy(asc(customPhrases.languageTag));
}

export async function findCustomPhrase(db: Db, tenantId: string, languageTag: string): Promise<CustomPhrase | undefined> {
  const [row] = await db.select().from(customPhrases).where(byTag(tenantId, languageTag));
  return row;
}

/** Replaces the translation of a language, creating its row on first use (one row per tag). */
export async function upsertCustomPhrase(db: Db, tenantId: string, languageTag: string, translation: JsonObject): Promise<CustomPhrase> {
  const [row] = await db
    .insert(customPhrases)
    .values({ tenantId, id: generateId(), languageTag, translation })
    .onConflictDoUpdate({ target: [customPhrases.tenantId, customPhrases.languageTag], set: { translation } })
    .returning();
  return row!;
}

export async function deleteCustomPhrase(db: Db, tenantId: string, languageTag: string): Promise<boolean> {
  const deleted = await db.delete(customPhrases).where(byTag(tenantId, languageTag)).returning({ id: customPhrases.id });
  return deleted.length > 0;
}
