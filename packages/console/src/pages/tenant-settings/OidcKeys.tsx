import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OidcKeyResponse } from '@idp/schemas';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';

type Props = { keyType: 'private-keys' | 'cookie-keys' };

/** The tenant's signing (or cookie) keys: listed, rotated, and previous ones deleted (/api/configs/oidc/:keyType). */
export function OidcKeys({ keyType }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [rotating, setRotating] = useState(false);
  const [deleting, setDeleting] = useState<string>();
  const signing = keyType === 'private-keys';
  const queryKey = ['oidc-keys', keyType];
  const keys = useQuery({ queryKey, queryFn: () => api.get<OidcKeyResponse[]>(`/api/configs/oidc/${keyType}`) });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/api/configs/oidc/${keyType}/${id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey });
      toast.success(t('tenant_settings.key_deleted'));
    },
  });
  const columns = useMemo<Column<OidcKeyResponse>[]>(
    () => [
      { id: 'id', header: t('tenant_settings.key_id'), cell: ({ row }) => <code>{row.original.id}</code> },
      ...(signing
        ? [
            {
              id: 'alg',
              header: t('tenant_settings.algorithm'),
              cell: ({ row }) => row.original.signingKeyAlgorithm ?? 'EdDSA',
            } as Column<OidcKeyResponse>,
          ]
        : []),
      {
        id: 'created',
        header: t('tenant_settings.created'),
        cell: ({ row }) => new Date(row.original.createdAt).toLocaleString(i18n.language),
      },
      {
        id: 'status',
        header: t('tenant_settings.status'),
        cell: ({ row }) =>
          row.original.status === 'Previous' ? (
            <span className="badge">{t('tenant_settings.status_previous')}</span>
          ) : (
            t('tenant_settings.status_current')
          ),
      },
      {
        id: 'actions',
        header: t('common.actions'),
        cell: ({ row }) =>
          row.original.status === 'Previous' ? (
            <button
              type="button"
              className="secondary"
              aria-label={t('tenant_settings.delete_key', { id: row.original.id })}
              onClick={() => setDeleting(row.original.id)}
            >
              {t('common.delete')}
            </button>
          ) : null,
      },
    ],
    [t, i18n.language, signing],
  );
  const titleId = `${keyType}-title`;

  return (
    <section className="card" aria-labelledby={titleId}>
      <div className="page-header">
        <div>
          <h2 id={titleId}>{signing ? t('tenant_settings.signing_keys') : t('tenant_settings.cookie_keys')}</h2>
          <p className="muted">{signing ? t('tenant_settings.signing_keys_text') : t('tenant_settings.cookie_keys_text')}</p>
        </div>
        <button type="button" className="secondary" onClick={() => setRotating(true)}>
          {signing ? t('tenant_settings.rotate_signing') : t('tenant_settings.rotate_cookie')}
        </button>
      </div>
      {keys.isError ? (
        <p role="alert" className="error">
          {errorMessage(keys.error)}
        </p>
      ) : null}
      <DataTable
        label={signing ? t('tenant_settings.signing_keys') : t('tenant_settings.cookie_keys')}
        columns={columns}
        data={keys.data ?? []}
        isLoading={keys.isLoading}
        getRowId={(key) => key.id}
      />
      <ConfirmDialog
        open={rotating}
        onOpenChange={setRotating}
        title={t('tenant_settings.rotate_title')}
        message={t('tenant_settings.rotate_text')}
        actionLabel={t('tenant_settings.rotate_action')}
        onConfirm={async () => {
          queryClient.setQueryData(queryKey, await api.post<OidcKeyResponse[]>(`/api/configs/oidc/${keyType}/rotate`, {}));
          toast.success(t('tenant_settings.rotated'));
        }}
      />
      <ConfirmDialog
        open={deleting !== undefined}
        onOpenChange={(open) => (open ? undefined : setDeleting(undefined))}
        title={t('tenant_settings.delete_key_title')}
        message={t('tenant_settings.delete_key_text', { id: deleting ?? '' })}
        actionLabel={t('common.delete')}
        onConfirm={() => remove.mutateAsync(deleting ?? '')}
      />
    </section>
  );
}
