import { useQuery } from '@tanstack/react-query';
import { findUserEndpoint } from './endpoint.ts';

/** The managed tenant's public endpoint (apps' OIDC issuer is `<endpoint>/oidc`). */
export const useUserEndpoint = () =>
  useQuery({ queryKey: ['user-endpoint'], queryFn: findUserEndpoint, staleTime: Number.POSITIVE_INFINITY }).data;
