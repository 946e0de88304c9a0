import { buildApp as buildAccountApi } from '@idp/account-api';
import { buildApp as buildExperienceApi } from '@idp/experience-api';
import * as gateway from '@idp/gateway';
import { buildApp as buildManagementApi } from '@idp/management-api';
import { buildApp as buildOidc } from '@idp/oidc';
import {
  startManagementTest as startManagementTestOn,
  startTestStack as startStack,
  type ManagementTest as ManagementTestOn,
  type StackOptions,
  type TestStack,
} from '@idp/test-stack';

export type { TestStack };

const services = {
  oidc: buildOidc,
  'management-api': buildManagementApi,
  'experience-api': buildExperienceApi,
  'account-api': buildAccountApi,
};

/** The whole stack: every backend service and the gateway (see `@idp/test-stack`). */
export const startTestStack = (options: Omit<StackOptions<typeof services>, 'services' | 'gateway'> = {}): Promise<TestStack> =>
  startStack({ ...options, services, gateway });

/** `startManagementTest` of `@idp/test-stack` on the whole stack. */
export const startManagementTest = () => startManagementTestOn(() => startTestStack());
export type ManagementTest = ManagementTestOn<TestStack>;
