// Bounds and search terms across every group of the Management API: each paginated list refuses a
// page size over 100, every search takes SQL and LIKE characters as data, and over-long strings in
// bodies, paths and queries are refused with 400 (413 for a body over its size limit), changing nothing.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManagementTest, type ManagementTest } from './test-stack.ts';

let test: ManagementTest;
const tag = randomBytes(3).toString('hex');
const long = (length: number) => 'x'.repeat(length);
const ids = (body: unknown) => (body as Array<{ id: string }>).map(({ id }) => id).sort();

// Names holding a quote, LIKE's wildcards and its escape character, and look-alikes without them.
const quoted = (prefix: string) => `${prefix} O'Brien 100%_\\ ${tag}`;
const lookalike = (prefix: string) => `${prefix} OBrien 1000x ${tag}`;

type Fixtures = {
  userRoleId: string;
  plainUserRoleId: string;
  m2mRoleId: string;
  plainM2mRoleId: string;
  resourceId: string;
  quotedScopeId: string;
  userId: string;
  lookalikeUserId: string;
  appId: string;
  lookalikeAppId: string;
};
let fixtures: Fixtures;

async function created<T extends { id: string }>(method: string, path: string, body: unknown): Promise<T> {
  const response = await test.call(method, path, body);
  expect(response.status, `${method} ${path} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body as T;
}

beforeAll(async () => {
  test = await startManagementTest();
  const resource = await created('POST', '/api/resources', { name: 'limits', indicator: `https://limits-${tag}.example.com` });
  const quotedScope = await created('POST', `/api/resources/${resource.id}/scopes`, { name: `read:50%_\\${tag}` });
  const plainScope = await created('POST', `/api/resources/${resource.id}/scopes`, { name: `read:500x${tag}` });
  const role = (prefix: string, type: string, scopeIds: string[]) =>
    created('POST', '/api/roles', { name: prefix, description: 'search fixture', type, scopeIds });
  const userRole = await role(quoted('user role'), 'User', [quotedScope.id, plainScope.id]);
  const plainUserRole = await role(lookalike('user role'), 'User', []);
  const m2mRole = await role(quoted('m2m role'), 'MachineToMachine', []);
  const plainM2mRole = await role(lookalike('m2m role'), 'MachineToMachine', []);
  const user = await created('POST', '/api/users', { name: quoted('user') });
  const lookalikeUser = await created('POST', '/api/users', { name: lookalike('user') });
  const app = await created('POST', '/api/applications', { name: quoted('app'), type: 'MachineToMachine' });
  const lookalikeApp = await created('POST', '/api/applications', { name: lookalike('app'), type: 'MachineToMachine' });
  for (const holder of [user, lookalikeUser]) {
    await created('POST', `/api/users/${holder.id}/roles`, { roleIds: [userRole.id, plainUserRole.id] });
  }
  for (const holder of [app, lookalikeApp]) {
    await created('POST', `/api/applications/${holder.id}/roles`, { roleIds: [m2mRole.id, plainM2mRole.id] });
  }
  await created('POST', `/api/applications/${app.id}/secrets`, { name: 'kept' });
  fixtures = {
    userRoleId: userRole.id,
    plainUserRoleId: plainUserRole.id,
    m2mRoleId: m2mRole.id,
    plainM2mRoleId: plainM2mRole.id,
    resourceId: resource.id,
    quotedScopeId: quotedScope.id,
    userId: user.id,
    lookalikeUserId: lookalikeUser.id,
    appId: app.id,
    lookalikeAppId: lookalikeApp.id,
  };
});
afterAll(async () => test?.stack.stop());

const paginatedLists = () => [
  '/api/applications',
  `/api/applications/${fixtures.appId}/roles`,
  '/api/users',
  `/api/users/${fixtures.userId}/roles`,
  `/api/users/${fixtures.userId}/logs`,
  '/api/logs',
  '/api/roles',
  `/api/roles/${fixtures.userRoleId}/scopes`,
  `/api/roles/${fixtures.userRoleId}/users`,
  `/api/roles/${fixtures.m2mRoleId}/applications`,
  '/api/resources',
  `/api/resources/${fixtures.resourceId}/scopes`,
];

describe('pagination on every list', () => {
  it('refuses page_size over 100 (and 0) with 400 guard.invalid_pagination, and takes 100 with a total', async () => {
    for (const path of paginatedLists()) {
      for (const query of ['page_size=101', 'page_size=1000000', 'page_size=0']) {
        expect(await test.call('GET', `${path}?${query}`), `${path}?${query}`).toMatchObject({
          status: 400,
          body: { code: 'guard.invalid_pagination' },
        });
      }
      const full = await test.call('GET', `${path}?page=1&page_size=100`);
      expect(full.status, path).toBe(200);
      expect(Number(full.headers.get('total-number')), path).toBeGreaterThanOrEqual((full.body as unknown[]).length);
    }
  });
});

describe('search terms are data, not SQL', () => {
  // Each searchable list: where to search, what a term with a quote, wildcards and the escape
  // character finds, and (for the relation lists) every row the list holds.
  const searchable: Record<string, () => { path: string; quoted: string[]; all?: string[] }> = {
    'users of a role': () => ({
      path: `/api/roles/${fixtures.userRoleId}/users`,
      quoted: [fixtures.userId],
      all: [fixtures.userId, fixtures.lookalikeUserId],
    }),
    'apps of a role': () => ({
      path: `/api/roles/${fixtures.m2mRoleId}/applications`,
      quoted: [fixtures.appId],
      all: [fixtures.appId, fixtures.lookalikeAppId],
    }),
    'roles of a user': () => ({
      path: `/api/users/${fixtures.userId}/roles`,
      quoted: [fixtures.userRoleId],
      all: [fixtures.userRoleId, fixtures.plainUserRoleId],
    }),
    'roles of an app': () => ({
      path: `/api/applications/${fixtures.appId}/roles`,
      quoted: [fixtures.m2mRoleId],
      all: [fixtures.m2mRoleId, fixtures.plainM2mRoleId],
    }),
    roles: () => ({ path: '/api/roles', quoted: [fixtures.userRoleId, fixtures.m2mRoleId] }),
    applications: () => ({ path: '/api/applications', quoted: [fixtures.appId] }),
    users: () => ({ path: '/api/users', quoted: [fixtures.userId] }),
  };

  it.each(Object.keys(searchable))('in the list of %s', async (label) => {
    const { path, quoted: quotedIds, all } = searchable[label]!();
    const search = async (term: string) => {
      const response = await test.call('GET', `${path}?page_size=100&search=${encodeURIComponent(term)}`);
      expect(response.status, `${label}: ${term}`).toBe(200);
      return ids(response.body);
    };
    const expected = [...quotedIds].sort();
    // A quote, the wildcards and the escape character match only themselves.
    expect(await search(`O'Brien 100%_\\ ${tag}`), label).toEqual(expected);
    expect(await search(`100%_\\ ${tag}`), label).toEqual(expected);
    expect(await search(`\\ ${tag}`), label).toEqual(expected);
    expect(await search(`%_\\`), label).toEqual(expected);
    // Injection attempts find nothing and break nothing.
    expect(await search("%' or 1=1 --"), label).toEqual([]);
    expect(await search("x'); drop table roles; --"), label).toEqual([]);
    expect(await search(`${tag}' or '1'='1`), label).toEqual([]);
    if (all) expect(await search(tag), label).toEqual([...all].sort());
  });

  it('finds scopes of a role and of a resource by their wildcard characters alone', async () => {
    const scopes = await test.call('GET', `/api/roles/${fixtures.userRoleId}/scopes?search=${encodeURIComponent('50%_\\')}`);
    expect(ids(scopes.body)).toEqual([fixtures.quotedScopeId]);
    const resourceScopes = await test.call('GET', `/api/resources/${fixtures.resourceId}/scopes?search=${encodeURIComponent('%')}`);
    expect(ids(resourceScopes.body)).toEqual([fixtures.quotedScopeId]);
    expect(await test.call('GET', `/api/resources/${fixtures.resourceId}/scopes?search=${encodeURIComponent("' or ''='")}`)).toMatchObject({
      status: 200,
      body: [],
    });
  });

  it('takes quotes in log filters as data', async () => {
    await test.call('PATCH', '/api/configs/admin-console', { signInExperienceCustomized: true });
    const key = 'ManagementApi.UpdateAdminConsoleConfig';
    expect(Number((await test.call('GET', `/api/logs?logKey=${key}`)).headers.get('total-number'))).toBeGreaterThanOrEqual(1);
    for (const [name, value] of [
      ['logKey', `${key}' or '1'='1`],
      ['logKey', `${key}%`],
      ['userId', "x' or 1=1 --"],
      ['applicationId', "%'; drop table logs; --"],
    ] as const) {
      const response = await test.call('GET', `/api/logs?${name}=${encodeURIComponent(value)}`);
      expect(response, `${name}=${value}`).toMatchObject({ status: 200, body: [] });
    }
  });
});

describe('over-long strings', () => {
  it('refuses over-long search terms and filters on every list with 400 guard.invalid_input', async () => {
    const queries = [
      `/api/applications?search=${long(257)}`,
      `/api/applications/${fixtures.appId}/roles?search=${long(257)}`,
      `/api/users?search=${long(257)}`,
      `/api/users?search.name=${long(257)}`,
      `/api/users/${fixtures.userId}/roles?search=${long(257)}`,
      `/api/roles?search=${long(257)}`,
      `/api/roles/${fixtures.userRoleId}/scopes?search=${long(257)}`,
      `/api/roles/${fixtures.userRoleId}/users?search=${long(257)}`,
      `/api/roles/${fixtures.m2mRoleId}/applications?search=${long(257)}`,
      `/api/resources/${fixtures.resourceId}/scopes?search=${long(257)}`,
      `/api/logs?logKey=${long(129)}`,
      `/api/logs?userId=${long(129)}`,
      `/api/users/${fixtures.userId}/logs?logKey=${long(129)}`,
      `/api/connectors?target=${long(129)}`,
      `/api/.well-known/phrases?lng=${long(65)}`,
      `/api/.well-known/experience?appId=${long(22)}`,
    ];
    for (const path of queries) {
      expect(await test.call('GET', path), path.slice(0, 80)).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    }
  });

  it('refuses over-long ids in paths with 400 guard.invalid_input', async () => {
    const paths = [
      `/api/applications/${long(22)}`,
      `/api/users/${long(22)}`,
      `/api/roles/${long(22)}`,
      `/api/resources/${long(22)}`,
      `/api/connectors/${long(22)}`,
      `/api/connector-factories/${long(129)}`,
      `/api/logs/${long(22)}`,
      `/api/custom-phrases/${long(17)}`,
    ];
    for (const path of paths) {
      expect(await test.call('GET', path), path.slice(0, 60)).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    }
    expect(await test.call('DELETE', `/api/configs/oidc/private-keys/${long(65)}`)).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });
  });

  it('refuses over-long strings in bodies of every group, changing nothing', async () => {
    const state = async () =>
      JSON.stringify(
        await Promise.all(
          [
            `/api/applications/${fixtures.appId}`,
            `/api/applications/${fixtures.appId}/secrets`,
            `/api/users/${fixtures.userId}`,
            `/api/roles/${fixtures.userRoleId}`,
            `/api/resources/${fixtures.resourceId}`,
            `/api/resources/${fixtures.resourceId}/scopes?page_size=100`,
            '/api/sign-in-exp',
            '/api/connectors',
            '/api/custom-phrases',
          ].map(async (path) => (await test.call('GET', path)).body),
        ),
      );
    const before = await state();
    const attempts: Array<[string, string, unknown]> = [
      ['PATCH', `/api/applications/${fixtures.appId}`, { name: long(257) }],
      ['PATCH', `/api/applications/${fixtures.appId}`, { description: long(2049) }],
      ['PATCH', `/api/applications/${fixtures.appId}/secrets/kept`, { name: long(257) }],
      ['POST', `/api/applications/${fixtures.appId}/user-consent-scopes`, { resourceScopes: [long(22)] }],
      ['PATCH', `/api/users/${fixtures.userId}`, { name: long(129) }],
      ['PATCH', `/api/users/${fixtures.userId}/password`, { password: long(257) }],
      ['PATCH', `/api/users/${fixtures.userId}/profile`, { profile: { givenName: long(257) } }],
      ['POST', `/api/users/${fixtures.userId}/password/verify`, { password: long(257) }],
      ['POST', `/api/users/${fixtures.userId}/roles`, { roleIds: [long(22)] }],
      ['PATCH', `/api/roles/${fixtures.userRoleId}`, { name: long(129) }],
      ['PATCH', `/api/roles/${fixtures.userRoleId}`, { description: long(129) }],
      ['POST', `/api/roles/${fixtures.userRoleId}/users`, { userIds: [long(22)] }],
      ['PATCH', `/api/resources/${fixtures.resourceId}`, { name: long(257) }],
      ['POST', `/api/resources/${fixtures.resourceId}/scopes`, { name: long(257) }],
      ['PATCH', `/api/resources/${fixtures.resourceId}/scopes/${fixtures.quotedScopeId}`, { description: long(10_000) }],
      ['PATCH', '/api/sign-in-exp', { customCss: long(100_001) }],
      ['PATCH', '/api/sign-in-exp', { termsOfUseUrl: `https://example.com/${long(2048)}` }],
      ['PATCH', '/api/sign-in-exp', { branding: { logoUrl: `https://example.com/${long(2048)}` } }],
      ['PATCH', '/api/sign-in-exp', { socialSignInConnectorTargets: [long(129)] }],
      ['PATCH', '/api/sign-in-exp', { passwordPolicy: { rejects: { words: [long(257)] } } }],
      ['POST', '/api/connectors', { connectorId: long(129), config: {} }],
      ['POST', '/api/connectors', { connectorId: 'oidc', config: {}, metadata: { target: long(129) } }],
      ['POST', '/api/connectors', { connectorId: 'oidc', config: {}, metadata: { logo: `https://example.com/${long(2048)}` } }],
      ['POST', '/api/connectors/mock-email-service/test', { email: `${long(250)}@example.com`, config: { folder: '/tmp' } }],
      ['POST', '/api/sentinel-activities/delete', { targets: [long(257)] }],
      ['POST', '/api/configs/oidc/private-keys/rotate', { signingKeyAlgorithm: long(300) }],
      ['PATCH', '/api/configs/admin-console', { signInExperienceCustomized: long(10) }],
    ];
    for (const [method, path, body] of attempts) {
      const response = await test.call(method, path, body);
      expect(response, `${method} ${path} ${JSON.stringify(body).slice(0, 80)}`).toMatchObject({
        status: 400,
        body: { code: 'guard.invalid_input' },
      });
    }
    // Custom phrases take up to 256 KiB of translation; past that, the service refuses the body,
    // and the answer reaches the client through the gateway although the service read none of it.
    const tooLarge = await fetch(`${test.stack.userUrl}/api/custom-phrases/ko`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${test.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: { sign_in: long(300 * 1024) } }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ code: 'request.payload_too_large' });
    expect(await state()).toBe(before);
  });
});
