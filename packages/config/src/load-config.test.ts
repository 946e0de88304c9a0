import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.ts';

const schema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65_535, default: 3001 }),
  DATABASE_URL: Type.String({ minLength: 1 }),
  DEBUG: Type.Boolean({ default: false }),
});

describe('loadConfig', () => {
  it('converts strings to the declared types and fills defaults', () => {
    const config = loadConfig(schema, { PORT: '4000', DATABASE_URL: 'postgres://x', DEBUG: 'true', OTHER: 'ignored' });
    expect(config).toEqual({ PORT: 4000, DATABASE_URL: 'postgres://x', DEBUG: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats an empty variable as unset, so the default applies', () => {
    expect(loadConfig(schema, { PORT: '', DATABASE_URL: 'postgres://x' }).PORT).toBe(3001);
  });

  it('lists every problem at once', () => {
    let caught: unknown;
    try {
      loadConfig(schema, { PORT: 'eighty' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const { problems } = caught as ConfigError;
    expect(problems.some((problem) => problem.startsWith('PORT:'))).toBe(true);
    expect(problems.some((problem) => problem.includes('DATABASE_URL'))).toBe(true);
  });
});
