// The scopes Logto's SDKs ask for and the claims each releases, with Logto's names.
export const userScopes = {
  openid: ['sub'],
  offline_access: [],
  profile: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
    'username',
    'created_at',
  ],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  address: ['address'],
  custom_data: ['custom_data'],
  identities: ['identities', 'sso_identities'],
  roles: ['roles'],
  'urn:logto:scope:organizations': ['organizations', 'organization_data'],
  'urn:logto:scope:organization_roles': ['organization_roles'],
  // Releases no claim: lets the Account API's session and grant routes be used (Logto's scope).
  'urn:logto:scope:sessions': [],
} as const satisfies Record<string, readonly string[]>;

/** Large or sensitive claims Logto releases only at the userinfo endpoint, never in the ID token. */
export const userinfoOnlyClaims = new Set(['custom_data', 'identities', 'sso_identities', 'organization_data']);

export const claimsConfiguration = Object.fromEntries(Object.entries(userScopes).map(([scope, claims]) => [scope, [...claims]]));
