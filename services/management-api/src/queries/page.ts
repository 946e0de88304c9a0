// One page of a list: which rows (limit, offset) and, with them, how many there are in all.

export type Page = { limit: number; offset: number };
export type PageOf<T> = { rows: T[]; total: number };

/** Runs a page's rows query and its count query together. */
export async function findPage<T>(rows: PromiseLike<T[]>, total: PromiseLike<Array<{ value: number }>>): Promise<PageOf<T>> {
  const [found, [counted]] = await Promise.all([rows, total]);
  return { rows: found, total: counted?.value ?? 0 };
}
