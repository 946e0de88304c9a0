import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserResponse } from '@idp/schemas';
import { useCallback, useEffect } from 'react';
import { useApi } from '../../api/use-api.ts';
import { pageSize } from '../../config.ts';

/**
 * A page of the users list was fetched (or fetched ahead) this recently: shown as it is, without
 * asking again. An older page is shown from the cache and refreshed behind it; the console's own
 * changes to users invalidate every page at once.
 */
const freshForMs = 10_000;

export type UserListPosition = { page: number; search: string };

/**
 * One page of the users list (server-side paging and search), and `prepare`, which starts loading a
 * page the person is about to see. A page turn is the commonest step, so the next page is fetched
 * as soon as this one is shown: Next then shows rows from memory. A page the person jumps to (a new
 * search, Previous) is requested from the click itself, not after React has rendered and run its
 * effects for the new address.
 */
export function useUserList({ page, search }: UserListPosition) {
  const api = useApi();
  const queryClient = useQueryClient();
  const options = useCallback(
    (position: UserListPosition) => ({
      queryKey: ['users', position],
      // The API matches `search` as a substring of id, username, email, phone and name (Logto's `%q%`).
      queryFn: () => api.page<UserResponse>('/api/users', { page: position.page, page_size: pageSize, search: position.search }),
      staleTime: freshForMs,
    }),
    [api],
  );
  const list = useQuery({ ...options({ page, search }), placeholderData: keepPreviousData });

  const shown = list.isSuccess && !list.isPlaceholderData;
  const total = list.data?.total ?? 0;
  useEffect(() => {
    if (shown && page * pageSize < total) void queryClient.prefetchQuery(options({ page: page + 1, search }));
  }, [shown, page, search, total, options, queryClient]);

  const prepare = useCallback(
    (position: UserListPosition) => {
      void queryClient.prefetchQuery(options(position));
    },
    [options, queryClient],
  );
  return { list, prepare };
}
