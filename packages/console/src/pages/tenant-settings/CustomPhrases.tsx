import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type CustomPhraseResponse, languageTagPattern } from '@idp/schemas';
import { useEffect, useMemo, useState } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { describedBy, Field } from '../../components/Field.tsx';
import { showApiError } from '../../components/form.ts';
import { Modal } from '../../components/Modal.tsx';

type Phrases = { [key: string]: string | Phrases };
type Form = { languageTag: string; phrases: Array<{ key: string; value: string }> };

const queryKey = ['custom-phrases'];
const tagPattern = new RegExp(languageTagPattern);
// The API stores nested groups (`{ action: { sign_in } }`); people edit one dotted key per line.
function flatten(phrases: Phrases, prefix = ''): Array<{ key: string; value: string }> {
  return Object.entries(phrases).flatMap(([key, value]) =>
    typeof value === 'string' ? [{ key: `${prefix}${key}`, value }] : flatten(value, `${prefix}${key}.`),
  );
}
function nest(rows: Form['phrases']): Phrases {
  const result: Phrases = {};
  for (const { key, value } of rows) {
    const path = key.trim().split('.');
    const last = path.pop() ?? '';
    let group = result;
    for (const part of path) {
      const next = group[part];
      const child: Phrases = typeof next === 'object' ? next : {};
      group[part] = child;
      group = child;
    }
    group[last] = value;
  }
  return result;
}

/** A tenant's own wording of the sign-in experience, per language (/api/custom-phrases). */
export function CustomPhrases() {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<CustomPhraseResponse | 'new'>();
  const [deleting, setDeleting] = useState<string>();
  const list = useQuery({ queryKey, queryFn: () => api.get<CustomPhraseResponse[]>('/api/custom-phrases') });
  const columns = useMemo<Column<CustomPhraseResponse>[]>(
    () => [
      { id: 'tag', header: t('tenant_settings.phrases_language'), cell: ({ row }) => <code>{row.original.languageTag}</code> },
      {
        id: 'count',
        header: t('tenant_settings.phrases_count'),
        cell: ({ row }) => flatten(row.original.translation as Phrases).length,
      },
      {
        id: 'actions',
        header: t('common.actions'),
        cell: ({ row }) => (
          <span className="row">
            <button
              type="button"
              className="secondary"
              aria-label={t('tenant_settings.phrases_edit', { tag: row.original.languageTag })}
              onClick={() => setEditing(row.original)}
            >
              {t('common.edit')}
            </button>
            <button
              type="button"
              className="danger"
              aria-label={t('tenant_settings.phrases_delete', { tag: row.original.languageTag })}
              onClick={() => setDeleting(row.original.languageTag)}
            >
              {t('common.delete')}
            </button>
          </span>
        ),
      },
    ],
    [t],
  );

  return (
    <section className="card" aria-labelledby="custom-phrases-title">
      <div className="page-header">
        <div>
          <h2 id="custom-phrases-title">{t('tenant_settings.phrases_title')}</h2>
          <p className="muted">{t('tenant_settings.phrases_text')}</p>
        </div>
        <button type="button" className="secondary" onClick={() => setEditing('new')}>
          {t('tenant_settings.phrases_add')}
        </button>
      </div>
      {list.isError ? (
        <p role="alert" className="error">
          {errorMessage(list.error)}
        </p>
      ) : null}
      <DataTable
        label={t('tenant_settings.phrases_title')}
        columns={columns}
        data={list.data ?? []}
        isLoading={list.isLoading}
        getRowId={(phrase) => phrase.languageTag}
      />
      <PhrasesDialog editing={editing} onClose={() => setEditing(undefined)} />
      <ConfirmDialog
        open={deleting !== undefined}
        onOpenChange={(open) => (open ? undefined : setDeleting(undefined))}
        title={t('tenant_settings.phrases_delete_title')}
        message={t('tenant_settings.phrases_delete_text', { tag: deleting ?? '' })}
        actionLabel={t('common.delete')}
        onConfirm={async () => {
          const tag = deleting ?? '';
          await api.delete(`/api/custom-phrases/${encodeURIComponent(tag)}`);
          await queryClient.invalidateQueries({ queryKey });
          toast.success(t('tenant_settings.phrases_deleted', { tag }));
        }}
      />
    </section>
  );
}

/** Adds a language's phrases, or replaces them all (PUT replaces the whole translation). */
function PhrasesDialog({ editing, onClose }: { editing: CustomPhraseResponse | 'new' | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const existing = typeof editing === 'object' ? editing : undefined;
  const { register, control, handleSubmit, reset, setError, formState } = useForm<Form>({
    defaultValues: { languageTag: '', phrases: [] },
  });
  const { errors } = formState;
  const { fields, append, remove } = useFieldArray({ control, name: 'phrases' });
  // The keys the API accepts are the sign-in experience's built-in English phrases: offered as
  // suggestions, with their English text as each value's placeholder.
  const english = useQuery({
    queryKey: ['phrases', 'en'],
    queryFn: () => api.get<Phrases>('/api/.well-known/phrases', { lng: 'en' }),
    enabled: editing !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const defaults = useMemo(() => new Map(flatten(english.data ?? {}).map(({ key, value }) => [key, value])), [english.data]);
  useEffect(() => {
    if (editing === undefined) return;
    const rows = existing ? flatten(existing.translation as Phrases) : [];
    reset({ languageTag: existing?.languageTag ?? '', phrases: rows.length > 0 ? rows : [{ key: '', value: '' }] });
  }, [editing, existing, reset]);
  const save = useMutation({
    mutationFn: ({ languageTag, phrases }: Form) => api.put(`/api/custom-phrases/${encodeURIComponent(languageTag.trim())}`, nest(phrases)),
    onSuccess: async (_, { languageTag }) => {
      await queryClient.invalidateQueries({ queryKey });
      toast.success(t('tenant_settings.phrases_saved', { tag: languageTag.trim() }));
      onClose();
    },
    onError: (error) => showApiError(error, setError, ['languageTag']),
  });
  const title = existing ? t('tenant_settings.phrases_edit_title', { tag: existing.languageTag }) : t('tenant_settings.phrases_add_title');

  return (
    <Modal open={editing !== undefined} onOpenChange={(open) => (open ? undefined : onClose())} title={title}>
      <form
        noValidate
        onSubmit={handleSubmit((values) => {
          if (values.phrases.length === 0) {
            setError('root.server', { type: 'required', message: t('tenant_settings.phrases_empty') });
            return;
          }
          save.mutate(values);
        })}
      >
        <Field
          id="phrases-tag"
          label={t('tenant_settings.phrases_language')}
          error={errors.languageTag}
          hint={t('tenant_settings.phrases_language_hint')}
        >
          <input
            id="phrases-tag"
            readOnly={existing !== undefined}
            autoComplete="off"
            aria-invalid={Boolean(errors.languageTag)}
            aria-describedby={describedBy('phrases-tag', errors.languageTag) ?? 'phrases-tag-hint'}
            {...register('languageTag', {
              validate: (value) => (value.trim().length <= 16 && tagPattern.test(value.trim())) || t('tenant_settings.phrases_tag_invalid'),
            })}
          />
        </Field>
        <datalist id="phrase-keys">
          {[...defaults.keys()].map((key) => (
            <option key={key} value={key} />
          ))}
        </datalist>
        {fields.map((field, index) => {
          const keyError = errors.phrases?.[index]?.key;
          const n = index + 1;
          return (
            <div key={field.id} className="inline">
              <Field id={`phrase-key-${index}`} label={t('tenant_settings.phrases_key', { n })} error={keyError}>
                <input
                  id={`phrase-key-${index}`}
                  list="phrase-keys"
                  autoComplete="off"
                  aria-invalid={Boolean(keyError)}
                  aria-describedby={describedBy(`phrase-key-${index}`, keyError)}
                  {...register(`phrases.${index}.key`, {
                    validate: (value, form) => {
                      const key = value.trim();
                      if (!/^[^.\s]+(\.[^.\s]+)*$/.test(key)) return t('tenant_settings.phrases_key_invalid');
                      const first = form.phrases.findIndex((row) => row.key.trim() === key);
                      return first === index || t('tenant_settings.phrases_key_duplicate');
                    },
                  })}
                />
              </Field>
              <Field id={`phrase-value-${index}`} label={t('tenant_settings.phrases_value', { n })}>
                <input
                  id={`phrase-value-${index}`}
                  autoComplete="off"
                  placeholder={defaults.get(field.key)}
                  {...register(`phrases.${index}.value`)}
                />
              </Field>
              <button type="button" className="secondary" onClick={() => remove(index)}>
                {t('tenant_settings.phrases_remove', { n })}
              </button>
            </div>
          );
        })}
        <p>
          <button type="button" className="secondary" onClick={() => append({ key: '', value: '' })}>
            {t('tenant_settings.phrases_add_row')}
          </button>
        </p>
        {errors.root?.server ? (
          <p role="alert" className="error">
            {errors.root.server.message}
          </p>
        ) : null}
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" disabled={save.isPending}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
