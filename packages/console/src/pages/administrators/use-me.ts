import type { MeResponse } from '@idp/schemas';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/use-api.ts';

/** The signed-in administrator, from the Me API (shared by the Administrators and Profile pages). */
export function useMe() {
  const api = useApi('me');
  return useQuery({ queryKey: ['me'], queryFn: () => api.get<MeResponse>('/api/me') });
}
