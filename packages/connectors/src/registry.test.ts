import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createConnector } from '../test/loopback-connectors.ts';
import { connectorFactories, connectorFactoryIds, isMessageConnector, isSocialConnector } from './index.ts';

// Mock connectors are used below: they need the switch on.
const originalSwitch = process.env.MOCK_CONNECTORS;
beforeAll(() => {
  process.env.MOCK_CONNECTORS = 'true';
});
afterAll(() => {
  if (originalSwitch === undefined) delete process.env.MOCK_CONNECTORS;
  else process.env.MOCK_CONNECTORS = originalSwitch;
});

describe('connector registry', () => {
  it('lists every factory with its type', () => {
    expect(connectorFactoryIds).toEqual([
      'smtp',
      'http-sms',
      'mock-email-service',
      'mock-short-message-service',
      'oidc',
      'mock-email-service-alternative',
      'mock-social-connector',
    ]);
    expect(Object.fromEntries(connectorFactories.map(({ id, type }) => [id, type]))).toEqual({
      smtp: 'Email',
      'http-sms': 'Sms',
      'mock-email-service': 'Email',
      'mock-short-message-service': 'Sms',
      oidc: 'Social',
      'mock-email-service-alternative': 'Email',
      'mock-social-connector': 'Social',
    });
  });

  it('answers connector.not_found for an unknown factory id', () => {
    expect(() => createConnector('carrier-pigeon', {})).toThrow(
      expect.objectContaining({ name: 'ConnectorError', code: 'connector.not_found' }),
    );
  });

  it('tells message connectors from social ones', () => {
    const email = createConnector('mock-email-service', { folder: '/tmp/unused' });
    const social = createConnector('oidc', { issuer: 'https://op.example.com', clientId: 'c', clientSecret: 's' });
    expect([isMessageConnector(email), isSocialConnector(email)]).toEqual([true, false]);
    expect([isMessageConnector(social), isSocialConnector(social)]).toEqual([false, true]);
    expect(social.target).toBe('oidc');
  });
});
