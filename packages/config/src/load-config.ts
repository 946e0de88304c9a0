import type { Static, TObject } from 'typebox';
import { Value } from 'typebox/value';

// Every service reads its settings once, at start-up, through this function and nothing else reads
// `process.env`. A bad setting fails fast with every problem listed, instead of surfacing later as a
// confusing runtime error.
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig<T extends TObject>(schema: T, env: Record<string, string | undefined> = process.env): Readonly<Static<T>> {
  // Only the schema's own keys are read: the environment holds much else that is none of our business.
  const picked: Record<string, string> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') {
      picked[key] = value;
    }
  }
  const value = Value.Default(schema, Value.Convert(schema, picked));
  if (!Value.Check(schema, value)) {
    const problems = [...Value.Errors(schema, value)].map((error) => {
      const key =
        error.instancePath.replace(/^\//, '') ||
        String(error.params && 'requiredProperties' in error.params ? error.params.requiredProperties : '');
      return `${key}: ${error.message}`;
    });
    throw new ConfigError(problems);
  }
  return Object.freeze(value as Static<T>);
}
