// The form of a new user, shared by the users page and the administrators page (an administrator
// is an admin tenant user): its fields, the text inputs, and the body built from what was filled in.
import type { FieldErrors, UseFormRegister } from 'react-hook-form';
import { describedBy, Field } from '../../components/Field.tsx';

export type NewUserForm = { username: string; primaryEmail: string; primaryPhone: string; name: string };
export const emptyNewUser: NewUserForm = { username: '', primaryEmail: '', primaryPhone: '', name: '' };
type FieldName = keyof NewUserForm;

/** The fields filled in, trimmed; empty ones are left out (the API treats absent and empty apart). */
export function filledFields(values: NewUserForm, fields: readonly FieldName[]): Partial<NewUserForm> {
  return Object.fromEntries(fields.map((name) => [name, values[name].trim()]).filter(([, value]) => value !== ''));
}

/** A labelled text input of the form, its error announced; ids are `<idPrefix>-<field>`. */
export function newUserInput(idPrefix: string, register: UseFormRegister<NewUserForm>, errors: FieldErrors<NewUserForm>) {
  return (name: FieldName, label: string, type = 'text') => (
    <Field id={`${idPrefix}-${name}`} label={label} error={errors[name]}>
      <input
        id={`${idPrefix}-${name}`}
        type={type}
        autoComplete="off"
        aria-invalid={Boolean(errors[name])}
        aria-describedby={describedBy(`${idPrefix}-${name}`, errors[name])}
        {...register(name)}
      />
    </Field>
  );
}
