// Shapes shared by several jsonb columns.
import { Type, type Static } from 'typebox';

/** An object whose keys the platform does not interpret (custom_data, logto_configs.value, …). */
export const JsonObjectSchema = Type.Record(Type.String(), Type.Unknown());
export type JsonObject = Static<typeof JsonObjectSchema>;
