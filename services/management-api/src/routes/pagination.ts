import { RequestError } from '@idp/errors';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Page } from '../queries/page.ts';

// Logto's pagination: `page` (from 1) and `page_size` (default 20, at most 100), the total in the
// `Total-Number` header. Query values arrive as strings and the validator does not coerce, so they
// are parsed here, with Logto's error for a bad value.
export const PaginationQuery = {
  page: Type.Optional(Type.String({ description: 'Page number, from 1.' })),
  page_size: Type.Optional(Type.String({ description: 'Entries per page, 1 to 100 (default 20).' })),
};

/** A paginated list's query string with Logto's free-text `search`. */
export const SearchListQuery = Type.Object({ ...PaginationQuery, search: Type.Optional(Type.String({ maxLength: 256 })) });

export const defaultPageSize = 20;
export const maxPageSize = 100;

const positiveInteger = (value: string | undefined, fallback: number) => {
  if (value === undefined) return fallback;
  return /^[1-9][0-9]{0,8}$/.test(value) ? Number(value) : Number.NaN;
};

export function parsePage(query: { page?: string; page_size?: string }): Page {
  const page = positiveInteger(query.page, 1);
  const pageSize = positiveInteger(query.page_size, defaultPageSize);
  if (Number.isNaN(page) || Number.isNaN(pageSize) || pageSize > maxPageSize) {
    throw new RequestError('guard.invalid_pagination', {
      message: `\`page\` must be a positive integer and \`page_size\` an integer from 1 to ${maxPageSize}.`,
    });
  }
  return { limit: pageSize, offset: (page - 1) * pageSize };
}

/** Sets the `Total-Number` header and answers the page's rows, shaped by `toResponse`. */
export function answerPage<T, R>(reply: FastifyReply, { rows, total }: { rows: T[]; total: number }, toResponse: (row: T) => R): R[] {
  void reply.header('Total-Number', String(total));
  return rows.map(toResponse);
}
