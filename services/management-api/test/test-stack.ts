// The stack these tests run against: the Management API with what it needs to be called as in
// production (the oidc service issuing its tokens, the gateway in front), and nothing else, so the
// service's tests need neither the Experience API nor the Account API.
import * as gateway from '@idp/gateway';
import { buildApp as buildOidc } from '@idp/oidc';
import {
  startManagementTest as startManagementTestOn,
  startTestStack as startStack,
  type ManagementTest as ManagementTestOn,
  type TestStack as StackOf,
} from '@idp/test-stack';
import { buildApp as buildManagementApi } from '../src/app.ts';

export * from '@idp/test-stack';

export type TestStack = StackOf<'oidc' | 'management-api'>;

export const startTestStack = (): Promise<TestStack> =>
  startStack({ services: { oidc: buildOidc, 'management-api': buildManagementApi }, gateway });

export const startManagementTest = () => startManagementTestOn(startTestStack);
export type ManagementTest = ManagementTestOn<TestStack>;
