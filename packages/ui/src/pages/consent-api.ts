// Logto's consent API, as the consent page calls it (types only from @idp/schemas).
import type { ConsentInfoResponse } from '@idp/schemas';
import { requestJson } from '../api/http.ts';

export type { ConsentInfoResponse } from '@idp/schemas';

const path = '/api/interaction/consent';

/** What the app asks for, who is signed in, and where the browser returns. */
export const getConsentInfo = () => requestJson<ConsentInfoResponse>('GET', path);

/** Grants it; answers where the browser resumes the authorization. */
export const consent = (organizationIds?: string[]) =>
  requestJson<{ redirectTo: string }>('POST', path, organizationIds ? { organizationIds } : {});
