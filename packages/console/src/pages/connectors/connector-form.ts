import type { ConnectorFactoryResponse, ConnectorFormItem } from '@idp/schemas';

// The form a connector is edited with, as Logto's console builds it: one field per form item when
// the factory declares them, else the whole config as JSON (prefilled with the factory's example).

export type ConnectorForm = {
  /** The config as JSON text (factories without form items). */
  json: string;
  /** One value per form item, by key (text for text-like items, a boolean for switches). */
  fields: Record<string, string | boolean>;
  /** The social button's English name (social connectors). */
  name: string;
  syncProfile: boolean;
};

type Factory = Pick<ConnectorFactoryResponse, 'formItems' | 'configTemplate' | 'type' | 'name'>;

export const usesFormItems = (factory: Factory): factory is Factory & { formItems: ConnectorFormItem[] } =>
  (factory.formItems?.length ?? 0) > 0;

const asText = (value: unknown, item: ConnectorFormItem): string => {
  if (value === undefined || value === null)
    return item.defaultValue === undefined ? '' : asText(item.defaultValue, { ...item, defaultValue: undefined });
  if (item.type === 'Json') return JSON.stringify(value, null, 2);
  return String(value);
};

/** The form's values for a factory, from a stored config or (for a new connector) the factory's example. */
export function connectorFormOf(
  factory: Factory,
  config?: Record<string, unknown>,
  options: { name?: string; syncProfile?: boolean } = {},
): ConnectorForm {
  const fields: ConnectorForm['fields'] = {};
  for (const item of factory.formItems ?? []) {
    const value = config?.[item.key];
    fields[item.key] = item.type === 'Switch' ? Boolean(value ?? item.defaultValue ?? false) : asText(value, item);
  }
  const json = config ? JSON.stringify(config, null, 2) : (factory.configTemplate ?? '{}');
  return { json, fields, name: options.name ?? '', syncProfile: options.syncProfile ?? false };
}

const fieldValue = (item: ConnectorFormItem, value: string | boolean | undefined): unknown => {
  if (item.type === 'Switch') return Boolean(value);
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return undefined;
  if (item.type === 'Number') return Number(text);
  if (item.type === 'Json') return JSON.parse(text) as unknown;
  return text;
};

/**
 * The config the form describes (checked by the form's rules before this runs). With form items,
 * config keys no item edits are kept from `stored`.
 */
export function configOf(factory: Factory, form: ConnectorForm, stored: Record<string, unknown> = {}): Record<string, unknown> {
  if (!usesFormItems(factory)) return JSON.parse(form.json) as Record<string, unknown>;
  const config: Record<string, unknown> = { ...stored };
  for (const item of factory.formItems) {
    const value = fieldValue(item, form.fields[item.key]);
    if (value === undefined) delete config[item.key];
    else config[item.key] = value;
  }
  return config;
}

/** An error message for JSON text that is not an object, or true. */
export function checkJsonObject(text: string, messages: { invalid: (message: string) => string; object: string }): string | true {
  try {
    const value = JSON.parse(text) as unknown;
    return (typeof value === 'object' && value !== null && !Array.isArray(value)) || messages.object;
  } catch (error) {
    return messages.invalid(error instanceof Error ? error.message : String(error));
  }
}
