import { RequestError } from '@idp/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Page } from '../queries/page.ts';

// Logto's pagination: `page` (from 1) and `page_size` (default 20, at most 100), the total in the
// `Total-Number` header. Query values arrive as strings and the validator does not coerce, so they
// are parsed here, with Logto's error for a bad value.
export const PaginationQuery = {
  page: Type.Optional(Type.String({ description: 'Page number, from 1.' })),
  page_size: Type.Optional(Type.String({ description: 'Entries per page, 1 to 100 (default 20).' })),
};

/**
 * Logto's `search` parameter (see libraries/list-search.ts for it and its companions `search.<field>`,
 * `mode`, `joint` and `isCaseSensitive`, read from the URL itself); repeated for `exact` matches.
 */
export const SearchParam = Type.Optional(
  Type.Union([Type.String({ maxLength: 256 }), Type.Array(Type.String({ maxLength: 256 }), { maxItems: 100 })], {
    description: 'Keyword (`%word%`) or pattern; `search.<field>`, `mode`, `joint` and `isCaseSensitive` as in Logto.',
  }),
);

/** A paginated list's query string with Logto's `search`. */
export const SearchListQuery = Type.Object({ ...PaginationQuery, search: SearchParam });

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

/**
 * Logto's optional paging (its applications and resources lists): with neither `page` nor
 * `page_size`, the list answers every row, without paging headers. `undefined` then.
 */
export function parseOptionalPage(query: { page?: string; page_size?: string }): Page | undefined {
  return query.page === undefined && query.page_size === undefined ? undefined : parsePage(query);
}

/** The "page" that holds every row, for a list asked for without paging. */
export const everyRow: Page = { limit: Number.MAX_SAFE_INTEGER, offset: 0 };

// What query-string (Logto's serialiser) escapes beyond encodeURIComponent.
const strictEncode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Logto's `Link` header (RFC 8288) of a page: the request's own URL with `page` set, one entry each
 * for `first` and `last` and, where they exist, `prev` and `next`. The query keeps every parameter the
 * client sent, keys in sorted order and repeated keys repeated, as Logto writes it.
 */
export function pageLinks(request: FastifyRequest, { limit, offset }: Page, total: number): string[] {
  const forwardedProto = request.headers['x-forwarded-proto'];
  const forwardedHost = request.headers['x-forwarded-host'];
  const scheme = String(forwardedProto ?? request.protocol)
    .split(',')[0]!
    .trim();
  const host = String(forwardedHost ?? request.headers.host ?? '')
    .split(',')[0]!
    .trim();
  const queryStart = request.url.indexOf('?');
  const path = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
  const params = new URLSearchParams(queryStart === -1 ? '' : request.url.slice(queryStart + 1));
  const keys = [...new Set(params.keys())].filter((key) => key !== 'page').sort();
  const link = (page: number, rel: string) => {
    const pairs = [...keys, 'page']
      .sort()
      .flatMap((key) =>
        key === 'page' ? [`page=${page}`] : params.getAll(key).map((value) => `${strictEncode(key)}=${strictEncode(value)}`),
      );
    return `<${scheme}://${host}${path}?${pairs.join('&')}>; rel="${rel}"`;
  };
  const lastPage = Math.max(1, Math.ceil(total / limit));
  const page = Math.floor(offset / limit) + 1;
  return [
    link(1, 'first'),
    link(lastPage, 'last'),
    ...(page > 1 ? [link(page - 1, 'prev')] : []),
    ...(page < lastPage ? [link(page + 1, 'next')] : []),
  ];
}

/** Sets Logto's paging headers, `Total-Number` and `Link`, for the page the request asked for. */
export function setPageHeaders(reply: FastifyReply, total: number): void {
  const page = parsePage(reply.request.query as { page?: string; page_size?: string });
  void reply.header('Total-Number', String(total));
  void reply.header('Link', pageLinks(reply.request, page, total));
}

/** Sets the paging headers and answers the page's rows, shaped by `toResponse`. */
export function answerPage<T, R>(reply: FastifyReply, { rows, total }: { rows: T[]; total: number }, toResponse: (row: T) => R): R[] {
  setPageHeaders(reply, total);
  return rows.map(toResponse);
}
