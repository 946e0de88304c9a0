// Hand-written config validation. typebox does not resolve from this package (it is not one of its
// dependencies), and the checks needed here are few, so a tiny reader is simpler than a new
// dependency. Issues are collected rather than thrown one by one, so an operator fixing a config
// sees every problem at once. Messages name the offending path and the expectation, never the value:
// the value may be a password.
import { ConnectorError } from './types.ts';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates `config` with `read` and returns its result, or throws `connector.invalid_config`
 * listing every issue found. Unknown keys are ignored: configs saved by Logto's console carry extra
 * fields that these connectors do not use.
 */
export function readConfig<T>(factoryId: string, config: unknown, read: (reader: ConfigReader) => T): T {
  const issues: string[] = [];
  if (!isRecord(config)) issues.push('the config must be a JSON object');
  const result = read(new ConfigReader(isRecord(config) ? config : {}, '', issues));
  if (issues.length > 0) {
    throw new ConnectorError('connector.invalid_config', `Invalid config for connector "${factoryId}": ${issues.join('; ')}.`, {
      data: { factoryId, issues },
    });
  }
  return result;
}

export class ConfigReader {
  constructor(
    private readonly raw: Record<string, unknown>,
    private readonly path: string,
    private readonly issues: string[],
  ) {}

  private at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  /** A missing key, null and '' all mean "not set": forms commonly submit empty optional fields. */
  private present(key: string): unknown {
    const value = this.raw[key];
    return value === undefined || value === null || value === '' ? undefined : value;
  }

  addIssue(key: string, expectation: string): void {
    this.issues.push(`${this.at(key)} ${expectation}`);
  }

  optionalString(key: string): string | undefined {
    const value = this.present(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.addIssue(key, 'must be a string');
      return undefined;
    }
    return value;
  }

  string(key: string): string {
    if (this.present(key) === undefined) {
      this.addIssue(key, 'is required');
      return '';
    }
    return this.optionalString(key) ?? '';
  }

  optionalUrl(key: string): string | undefined {
    const value = this.optionalString(key);
    if (value === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.addIssue(key, 'must be an absolute http(s) URL');
      return undefined;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      this.addIssue(key, 'must be an absolute http(s) URL');
      return undefined;
    }
    return value;
  }

  url(key: string): string {
    if (this.present(key) === undefined) {
      this.addIssue(key, 'is required');
      return '';
    }
    return this.optionalUrl(key) ?? '';
  }

  optionalBoolean(key: string): boolean | undefined {
    const value = this.present(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      this.addIssue(key, 'must be a boolean');
      return undefined;
    }
    return value;
  }

  integer(key: string, min: number, max: number): number {
    const value = this.present(key);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.addIssue(key, value === undefined ? 'is required' : `must be an integer from ${min} to ${max}`);
      return min;
    }
    return value;
  }

  optionalEnum<const V extends string>(key: string, values: readonly V[]): V | undefined {
    const value = this.present(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      this.addIssue(key, `must be one of ${values.map((v) => `"${v}"`).join(', ')}`);
      return undefined;
    }
    return value as V;
  }

  optionalObject(key: string): ConfigReader | undefined {
    const value = this.present(key);
    if (value === undefined) return undefined;
    if (!isRecord(value)) {
      this.addIssue(key, 'must be an object');
      return undefined;
    }
    return new ConfigReader(value, this.at(key), this.issues);
  }

  /** A required, non-empty array of objects, returned as one reader per element. */
  objectArray(key: string): ConfigReader[] {
    const value = this.present(key);
    if (!Array.isArray(value) || value.length === 0) {
      this.addIssue(key, 'must be a non-empty array');
      return [];
    }
    return value.flatMap((item, index) => {
      if (!isRecord(item)) {
        this.addIssue(`${key}[${index}]`, 'must be an object');
        return [];
      }
      return [new ConfigReader(item, `${this.at(key)}[${index}]`, this.issues)];
    });
  }
}
