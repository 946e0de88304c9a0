import { ConfigError } from '@idp/config';
import { describe, expect, it } from 'vitest';
import { endpoints, loadLauncherConfig, repoRoot } from './config.ts';

describe('loadLauncherConfig', () => {
  it('starts on ports 3001 and 3002 with the data folder in the repository when nothing is set', () => {
    const config = loadLauncherConfig({});
    expect(config).toMatchObject({
      DATA_DIR: `${repoRoot}.data`,
      PORT: 3001,
      ADMIN_PORT: 3002,
      HOST: 'localhost',
      SIGNING_KEY_TYPE: 'EC',
      MOCK_CONNECTORS: true,
      LOG_LEVEL: 'warn',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.INTERNAL_SECRET).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads numbers and booleans from their environment strings, and treats an empty value as unset', () => {
    const config = loadLauncherConfig({
      PORT: '4001',
      ADMIN_PORT: '4002',
      MOCK_CONNECTORS: 'false',
      DATABASE_URL: '',
      SIGNING_KEY_TYPE: 'RSA',
    });
    expect(config).toMatchObject({ PORT: 4001, ADMIN_PORT: 4002, MOCK_CONNECTORS: false, SIGNING_KEY_TYPE: 'RSA' });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('lists every bad setting at once', () => {
    let error: unknown;
    try {
      loadLauncherConfig({ PORT: '70000', ENDPOINT: 'ftp://example.com', INTERNAL_SECRET: 'short', SIGNING_KEY_TYPE: 'DSA' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const keys = (error as ConfigError).problems.map((problem) => problem.split(':')[0]);
    expect(keys).toEqual(expect.arrayContaining(['PORT', 'ENDPOINT', 'INTERNAL_SECRET', 'SIGNING_KEY_TYPE']));
  });
});

describe('endpoints', () => {
  it('derives the public URLs from the ports unless they are given', () => {
    expect(endpoints(loadLauncherConfig({ PORT: '4001', ADMIN_PORT: '4002' }))).toEqual({
      endpoint: 'http://localhost:4001',
      adminEndpoint: 'http://localhost:4002',
    });
    expect(endpoints(loadLauncherConfig({ ENDPOINT: 'https://id.example.com', ADMIN_ENDPOINT: 'https://admin.example.com' }))).toEqual({
      endpoint: 'https://id.example.com',
      adminEndpoint: 'https://admin.example.com',
    });
  });
});

describe('IDP_MODE', () => {
  it('runs everything in one process unless services are asked for, and refuses any other mode', () => {
    expect(loadLauncherConfig({}).IDP_MODE).toBe('one-process');
    expect(loadLauncherConfig({ IDP_MODE: 'services' }).IDP_MODE).toBe('services');
    expect(() => loadLauncherConfig({ IDP_MODE: 'single' })).toThrow(ConfigError);
  });
});
